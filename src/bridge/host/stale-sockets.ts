import { unlinkSync } from 'node:fs';
import { listHostSockets } from '../runtime-dir.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    // EPERM: it exists, as someone else's process. Only "no such process" is dead.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the sockets of hosts that died without cleaning up (a browser crash, a SIGKILL), so that
 * clients need not try each. Returns how many it removed.
 */
export function removeStaleSockets(dir: string, ownPid = process.pid): number {
  let removed = 0;
  for (const socket of listHostSockets(dir)) {
    if (socket.pid === ownPid || isAlive(socket.pid)) continue;
    try {
      unlinkSync(socket.path);
      removed += 1;
    } catch {
      // Gone already: another host starting at the same time removed it.
    }
  }
  return removed;
}
