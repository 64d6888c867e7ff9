import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { flatHeaders, readBody, sendText } from './http-kit.ts';

/** What reached the other host: if a client followed a redirect, its credentials are in here. */
export interface OtherHostRequest {
  method: string;
  /** With the query. */
  path: string;
  /** Header names lower-case. */
  headers: Record<string, string>;
  body: string;
  at: number;
}

export interface OtherHost {
  /** For the browser (`*.test` mapped to 127.0.0.1). */
  url: string;
  /** For Node's fetch. */
  loopbackUrl: string;
  requests(): OtherHostRequest[];
  clear(): void;
  close(): Promise<void>;
}

/** The host name the browser sees; `*.test` resolves to loopback in the e2e browsers. */
export const OTHER_HOST_NAME = 'other.test';

/**
 * A host that is not the broker's, where the 'redirect' fault points: it records everything it
 * receives and answers a harmless 200, so a client that follows the redirect is caught with the
 * goods instead of failing on a closed port.
 */
export async function startOtherHost(port = 0): Promise<OtherHost> {
  const received: OtherHostRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const entry = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: flatHeaders(req),
      at: Date.now(),
    };
    readBody(req).then(
      (body) => {
        received.push({ ...entry, body });
        sendText(res, 200, 'This is not the broker.');
      },
      () => {
        received.push({ ...entry, body: '' });
        res.destroy();
      },
    );
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const bound = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  return {
    url: `http://${OTHER_HOST_NAME}:${bound}`,
    loopbackUrl: `http://127.0.0.1:${bound}`,
    requests: () => received.map((r) => ({ ...r, headers: { ...r.headers } })),
    clear: () => void received.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
