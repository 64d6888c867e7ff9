import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface VirtualDisplay {
  /** The DISPLAY value, e.g. ":5". */
  display: string;
  close(): Promise<void>;
}

/**
 * Starts Debian's Xvfb on a free display number (it reports the number it took on a pipe), for
 * tests that press real keys with xdotool.
 */
export async function startXvfb(): Promise<VirtualDisplay> {
  const server: ChildProcess = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] },
  );
  const number = await new Promise<string>((resolve, reject) => {
    server.once('error', () =>
      reject(new Error('Xvfb is missing: install it with `apt-get install -y xvfb xdotool`.')),
    );
    server.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
    (server.stdio[3] as Readable).once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
  });
  return {
    display: `:${number}`,
    close: () =>
      new Promise<void>((resolve) => {
        if (server.exitCode !== null) return resolve();
        server.once('exit', () => resolve());
        server.kill();
      }),
  };
}
