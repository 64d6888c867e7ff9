import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { bearer } from './http-kit.ts';
import type { SandboxState } from './state.ts';

export const VOLVEN_QUOTES_PATH = '/volven-broker/quotes';

/**
 * Volven's quote stream. The handshake must carry `Authorization: Bearer` (in a browser only the
 * extension can add it), so refusing without it proves the extension's header rule works.
 */
export function createVolvenQuotes(state: SandboxState) {
  const wss = new WebSocketServer({ noServer: true });
  const timers = new Set<NodeJS.Timeout>();

  /** Returns the HTTP status given (101 = accepted) so the server can log it. */
  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer, pathname: string): number => {
    const refuse = (status: number, text: string): number => {
      socket.once('finish', () => socket.destroy());
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return status;
    };
    if (pathname !== VOLVEN_QUOTES_PATH) return refuse(404, 'Not Found');
    const token = bearer(req);
    const rec = token === undefined ? undefined : state.useAccessToken('volven', token);
    if (!rec) return refuse(401, 'Unauthorized');

    wss.handleUpgrade(req, socket, head, (ws) => {
      let price = 100;
      ws.send(JSON.stringify({ type: 'hello', username: rec.username }));
      const timer = setInterval(() => {
        price = Math.round((price + (Math.random() - 0.5)) * 100) / 100;
        ws.send(JSON.stringify({ type: 'quote', symbol: 'VB', price }));
      }, 1000);
      timer.unref();
      timers.add(timer);
      ws.on('close', () => {
        clearInterval(timer);
        timers.delete(timer);
      });
    });
    return 101;
  };

  /** Ends every stream at once: close() must not wait for clients to say goodbye. */
  const close = () => {
    for (const timer of timers) clearInterval(timer);
    timers.clear();
    for (const client of wss.clients) client.terminate();
    wss.close();
  };

  return { handleUpgrade, close };
}

export type VolvenQuotes = ReturnType<typeof createVolvenQuotes>;
