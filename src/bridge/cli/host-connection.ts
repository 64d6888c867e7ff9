/**
 * One connection to a host's socket: waits for the host's hello, sends requests under ids of its
 * own and matches the replies, and tells its owner about `changed` and about the end.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { BridgeReply, BridgeRequest, HostToClient } from '../../shared/bridge-protocol.ts';
import { readFrames, writeFrame } from '../frame-stream.ts';
import { isHostToClient } from '../shapes.ts';
import { CliError } from './errors.ts';

export type Hello = Extract<HostToClient, { kind: 'hello' }>;

/** The user may be reading a consent window: the extension gives them two minutes. */
export const CONSENT_TIMEOUT_MS = 130_000;
export const TIMEOUT_MS = 15_000;

interface Waiting {
  resolve(reply: BridgeReply<unknown>): void;
  reject(error: CliError): void;
  timer: NodeJS.Timeout;
}

const gone = () => new CliError('no-bridge', 'The browser closed the connection.');

export class HostConnection {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private closed = false;
  /** Called for each `changed` the extension pushes. */
  onChanged: () => void = () => undefined;
  /** Called once, when the connection ends for any reason. */
  onClose: () => void = () => undefined;

  private constructor(
    private readonly socket: Socket,
    readonly hello: Hello,
    readonly path: string,
  ) {}

  /**
   * Connects and waits for the hello. Rejects with the socket error for a socket no one listens
   * on (ECONNREFUSED, ENOENT: a host that is gone), with CliError otherwise.
   */
  static open(path: string, timeoutMs = TIMEOUT_MS): Promise<HostConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(path);
      let connection: HostConnection | undefined;
      const fail = (error: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new CliError('timeout', 'The browser did not answer in time.')),
        timeoutMs,
      );
      // After the hello an error only ends the connection: 'close' follows.
      socket.on('error', (error) => {
        if (!connection) fail(error);
      });
      socket.once('close', () => {
        if (!connection) fail(gone());
        else connection.end();
      });
      readFrames(socket, {
        message(message) {
          if (!isHostToClient(message)) {
            return fail(
              new CliError('protocol', 'The bridge sent a message this command does not understand.'),
            );
          }
          if (connection) return connection.receive(message);
          if (message.kind !== 'hello')
            return fail(new CliError('protocol', 'The bridge did not say hello first.'));
          clearTimeout(timer);
          connection = new HostConnection(socket, message, path);
          resolve(connection);
        },
        error(error) {
          if (connection) connection.close();
          else fail(new CliError('protocol', `The bridge sent a broken frame: ${error.message}`));
        },
      });
    });
  }

  /** Sends a request; resolves with the reply envelope (its value is the caller's to check). */
  request(request: BridgeRequest, timeoutMs = TIMEOUT_MS): Promise<BridgeReply<unknown>> {
    if (this.closed) return Promise.reject(gone());
    const id = this.nextId;
    this.nextId += 1;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new CliError('timeout', 'The browser did not answer in time.'));
      }, timeoutMs);
      this.waiting.set(id, { resolve, reject, timer });
      try {
        writeFrame(this.socket, { kind: 'request', id, request });
      } catch (error) {
        clearTimeout(timer);
        this.waiting.delete(id);
        reject(new CliError('invalid', (error as Error).message));
      }
    });
  }

  /** Closing is how a client cancels: the host cancels whatever it still had pending for us. */
  close(): void {
    this.socket.destroy();
    this.end();
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  private receive(message: HostToClient): void {
    if (message.kind === 'changed') return this.onChanged();
    if (message.kind !== 'reply') return;
    const waiting = this.waiting.get(message.id);
    if (!waiting) return;
    this.waiting.delete(message.id);
    clearTimeout(waiting.timer);
    waiting.resolve(message.reply);
  }

  private end(): void {
    if (this.closed) return;
    this.closed = true;
    for (const waiting of this.waiting.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(gone());
    }
    this.waiting.clear();
    this.onClose();
  }
}
