import { readFileSync } from 'node:fs';
import type { ProgramInfo } from '../../shared/bridge-protocol.ts';

/** Enough to recognise a command in the consent window; a window is no place for a whole script. */
const MAX_CHARS = 300;

const cap = (text: string) => (text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}…` : text);

/**
 * The parent's command line, where the OS tells it (Linux's /proc): the script that ran us, which
 * is what the user wants to see when asked to let "something" use their session.
 */
function parentCommand(ppid: number, platform: NodeJS.Platform): string | undefined {
  if (platform !== 'linux') return undefined;
  try {
    const raw = readFileSync(`/proc/${ppid}/cmdline`, 'utf8');
    const command = raw.replace(/\0+/g, ' ').trim();
    return command ? cap(command) : undefined;
  } catch {
    return undefined; // gone already, or hidden (hidepid)
  }
}

/** Who asks: shown to the user in the consent window, never trusted further. */
export function programInfo(
  args: readonly string[],
  ppid = process.ppid,
  platform: NodeJS.Platform = process.platform,
): ProgramInfo {
  const parent = parentCommand(ppid, platform);
  return { command: cap(['broker-sessions', ...args].join(' ')), ...(parent ? { parent } : {}) };
}
