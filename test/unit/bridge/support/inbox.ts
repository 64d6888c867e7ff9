import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { readFrames } from '../../../../src/bridge/frame-stream.ts';
import { encodeFrame } from '../../../../src/bridge/framing.ts';
import type { FrameError } from '../../../../src/bridge/framing.ts';

/** Messages as they arrive on a framed stream, awaited one at a time. */
export class Inbox {
  private readonly queue: unknown[] = [];
  private waiting: ((message: unknown) => void) | undefined;
  frameError: FrameError | undefined;

  constructor(stream: Readable) {
    readFrames(stream, {
      message: (message) => this.push(message),
      error: (error) => {
        this.frameError = error;
      },
    });
  }

  private push(message: unknown): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting(message);
    else this.queue.push(message);
  }

  /** The next message; fails after `timeoutMs`. */
  next(timeoutMs = 5_000): Promise<unknown> {
    if (this.queue.length > 0) return Promise.resolve(this.queue.shift());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`no message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting = (message) => {
        clearTimeout(timer);
        resolve(message);
      };
    });
  }

  /** True if nothing arrives within `ms`. */
  async quiet(ms = 200): Promise<boolean> {
    if (this.queue.length > 0) return false;
    return this.next(ms).then(
      (message) => {
        this.queue.unshift(message);
        return false;
      },
      () => true,
    );
  }
}

export interface TestClient {
  socket: Socket;
  inbox: Inbox;
  send(message: unknown): void;
  closed: Promise<void>;
}

export async function connectClient(path: string): Promise<TestClient> {
  const socket = connect(path);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  return { socket, inbox: new Inbox(socket), send: (message) => socket.write(encodeFrame(message)), closed };
}
