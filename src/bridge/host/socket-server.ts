/**
 * The host's Unix socket: framed JSON per connection, handed to the relay. A Unix socket and not
 * TCP: only processes of users who can enter the runtime directory (this user) can connect, which
 * no loopback port can promise.
 */
import { chmodSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { encodeFrame } from '../framing.ts';
import { readFrames } from '../frame-stream.ts';
import type { ClientConnection, Relay } from './relay.ts';

/** sun_path is 108 bytes on Linux and 104 on macOS, the terminating NUL included. */
const MAX_SOCKET_PATH_BYTES = 103;

export interface SocketServer {
  close(): void;
}

function connection(socket: Socket, number: number): ClientConnection {
  return {
    number,
    send(message) {
      const frame = encodeFrame(message);
      if (!socket.destroyed) socket.write(frame);
    },
    close: () => socket.destroy(),
  };
}

export function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Listens on `path` (mode 0600 once bound); resolves when it listens. */
export async function listenOnSocket(path: string, relay: Relay): Promise<SocketServer> {
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
    throw new Error(
      `The socket path ${path} is too long; set BROKER_SESSIONS_RUNTIME_DIR to a shorter directory.`,
    );
  }
  // A socket by our pid is from a dead process that had the same pid: ours to replace.
  unlinkQuietly(path);
  const sockets = new Set<Socket>();
  let count = 0;
  const server: Server = createServer((socket) => {
    count += 1;
    const client = connection(socket, count);
    sockets.add(socket);
    socket.on('error', () => undefined); // a reset by the client; 'close' follows
    socket.on('close', () => {
      sockets.delete(socket);
      relay.clientClosed(client);
    });
    relay.clientConnected(client);
    readFrames(socket, {
      message: (message) => relay.clientMessage(client, message),
      error: (error) => relay.drop(client, error.message),
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Between bind and chmod the socket has the umask's mode; the 0700 directory keeps others out
  // meanwhile, and 0600 keeps them out should the directory's mode ever be loosened.
  chmodSync(path, 0o600);
  return {
    close() {
      server.close();
      for (const socket of sockets) socket.destroy();
      unlinkQuietly(path);
    },
  };
}
