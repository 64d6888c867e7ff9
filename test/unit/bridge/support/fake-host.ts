/**
 * A stand-in for the native host and the extension behind it: a Unix socket in a runtime
 * directory that speaks the client side of the bridge protocol, with answers the test chooses.
 * Used by the CLI tests and by the bridge-proxy benchmark.
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { join } from 'node:path';
import { readFrames, writeFrame } from '../../../../src/bridge/frame-stream.ts';
import { isClientToHost } from '../../../../src/bridge/shapes.ts';
import type {
  BridgeHeaders,
  BridgeProfile,
  BridgeReply,
  BridgeRequest,
  HostToClient,
} from '../../../../src/shared/bridge-protocol.ts';

export type HeadersRequest = Extract<BridgeRequest, { type: 'headers' }>;

export interface FakeHostOptions {
  /** The runtime directory (created 0700 if missing). */
  dir: string;
  /** The number in the socket's name (`host-<pid>.sock`); any number will do for a client. */
  pid?: number;
  browser?: 'chrome' | 'firefox';
  profiles?: BridgeProfile[];
  /** The answer to a `headers` request; may take its time, as a consent window would. */
  headers?: (request: HeadersRequest) => BridgeReply | Promise<BridgeReply>;
}

export interface FakeHost {
  socket: string;
  /** Every request received, in order. */
  requests: BridgeRequest[];
  /** Pushes `changed` to every client. */
  changed(): void;
  /** Cuts every client off (the browser closed), the socket still listening. */
  dropClients(): void;
  clientCount(): number;
  close(): Promise<void>;
}

let nextPid = 4_000_000;

export const profileOf = (
  headers: BridgeHeaders,
  state: BridgeProfile['state'] = 'active',
): BridgeProfile => ({
  ...headers.profile,
  apiBaseUrl: headers.apiBaseUrl,
  state,
  ...(headers.expiresAt === undefined ? {} : { expiresAt: headers.expiresAt }),
});

export async function startFakeHost(options: FakeHostOptions): Promise<FakeHost> {
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  nextPid += 1;
  const socketPath = join(options.dir, `host-${options.pid ?? nextPid}.sock`);
  const requests: BridgeRequest[] = [];
  const clients = new Set<Socket>();
  const hello: HostToClient = {
    kind: 'hello',
    browser: options.browser ?? 'chrome',
    extensionId: 'abcdefghijklmnopabcdefghijklmnop',
    version: '0.1.0',
  };
  const answer = async (request: BridgeRequest): Promise<BridgeReply> => {
    if (request.type === 'list') return { ok: true, value: options.profiles ?? [] };
    if (!options.headers)
      return { ok: false, error: { code: 'unknown-profile', message: 'No such profile.' } };
    return options.headers(request);
  };
  const server: Server = createServer((socket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    socket.on('error', () => undefined);
    writeFrame(socket, hello);
    readFrames(socket, {
      message(message) {
        if (!isClientToHost(message)) return socket.destroy();
        requests.push(message.request);
        void answer(message.request).then((reply) => {
          if (!socket.destroyed) writeFrame(socket, { kind: 'reply', id: message.id, reply });
        });
      },
      error: () => socket.destroy(),
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socket: socketPath,
    requests,
    changed() {
      for (const socket of clients) writeFrame(socket, { kind: 'changed' });
    },
    dropClients() {
      for (const socket of clients) socket.destroy();
    },
    clientCount: () => clients.size,
    close: () =>
      new Promise((resolve) => {
        for (const socket of clients) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
