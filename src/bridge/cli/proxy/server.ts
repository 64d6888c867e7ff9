/**
 * The proxy's HTTP server, on a loopback address only: requests are checked (a program's, a path
 * inside the API), then forwarded with the session's headers.
 */
import { Agent as HttpAgent, createServer } from 'node:http';
import type { Agent, IncomingMessage, Server } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { browserRefusal, ownHosts } from './browser-guard.ts';
import { forward, sendError } from './forward.ts';
import type { HeaderSource } from './header-source.ts';
import { TargetError, requestPath } from './target.ts';
import type { RequestPath } from './target.ts';
import { forwardUpgrade, refuseUpgrade } from './websocket.ts';

/** The addresses the proxy may listen on: nothing another machine can reach. */
export const LOOPBACK_HOSTS = ['127.0.0.1', '::1'] as const;

export interface ProxyOptions {
  source: HeaderSource;
  host: string;
  port: number;
  /** Called per request with "METHOD /path → status (ms)" (the path without its query). */
  logRequest?: (line: string) => void;
}

export interface RunningProxy {
  url: string;
  port: number;
  close(): Promise<void>;
}

type Check = { ok: true; path: RequestPath } | { ok: false; status: number; error: string; message: string };

function check(req: IncomingMessage, hosts: Set<string>): Check {
  const refusal = browserRefusal(req, hosts);
  if (refusal) return { ok: false, status: 403, error: 'forbidden', message: refusal };
  if (req.method === 'CONNECT')
    return { ok: false, status: 405, error: 'method', message: 'CONNECT is not proxied.' };
  try {
    return { ok: true, path: requestPath(req.url ?? '') };
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    return { ok: false, status: 400, error: 'bad-path', message: error.message };
  }
}

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  if (!(LOOPBACK_HOSTS as readonly string[]).includes(options.host)) {
    throw new Error(
      `The proxy listens on loopback only (${LOOPBACK_HOSTS.join(' or ')}), not ${options.host}.`,
    );
  }
  // Keep-alive to the API: a new TCP (and TLS) connection per request would cost more than the proxy.
  const agents: Record<string, Agent> = {
    'http:': new HttpAgent({ keepAlive: true }),
    'https:': new HttpsAgent({ keepAlive: true }),
  };
  const context = { source: options.source, agents: (protocol: string) => agents[protocol]! };
  let hosts = new Set<string>();

  const log = (req: IncomingMessage, status: number, started: number) => {
    const path = (req.url ?? '').split('?')[0];
    options.logRequest?.(`${req.method} ${path} → ${status} (${Math.round(performance.now() - started)} ms)`);
  };

  const server: Server = createServer((req, res) => {
    const started = performance.now();
    const checked = check(req, hosts);
    const done = (status: number) => log(req, status, started);
    if (!checked.ok) {
      req.resume();
      sendError(res, checked.status, checked.error, checked.message);
      return done(checked.status);
    }
    forward(req, res, checked.path, context).then(done, (error: unknown) => {
      sendError(res, 500, 'internal', (error as Error).message);
      done(500);
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const started = performance.now();
    const checked = check(req, hosts);
    if (!checked.ok) {
      refuseUpgrade(socket, checked.status, checked.error, checked.message);
      return log(req, checked.status, started);
    }
    forwardUpgrade(req, socket, head, checked.path, options.source).then(
      (status) => log(req, status, started),
      () => socket.destroy(),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  hosts = ownHosts(options.host, port);
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const agent of Object.values(agents)) agent.destroy();
      }),
  };
}
