import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { applyFault, applyUpgradeFault } from './faults.ts';
import type { FaultQueue } from './faults.ts';
import type { HoldQueue } from './holds.ts';
import { applyCors, BodyTooLarge, flatHeaders, sendJson } from './http-kit.ts';
import type { BrokerModule, Ctx } from './http-kit.ts';
import type { SandboxState } from './state.ts';
import type { SandboxBroker } from './types.ts';
import type { VolvenQuotes } from './volven-quotes.ts';

export const CONTROL_PREFIX = '/__sandbox';

export type ControlHandler = (broker: SandboxBroker, ctx: Ctx) => Promise<void>;

export interface BrokerServerOptions {
  broker: SandboxBroker;
  state: SandboxState;
  faults: FaultQueue;
  holds: HoldQueue;
  /** Where 'redirect' points: by host name for a browser, by loopback address for Node. */
  otherHost: { url: string; loopbackUrl: string };
  module: BrokerModule;
  control: ControlHandler;
  quotes?: VolvenQuotes;
  log: (line: string) => void;
}

export interface BrokerServer {
  listen(port: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * Concatenated, not resolved against a base: `new URL('//api/token', base)` would read `api` as a
 * host and hide a client's double-slash bug. The sandbox must show such bugs, not absorb them.
 */
function parseUrl(raw: string): URL {
  try {
    return new URL(`http://sandbox.invalid${raw.startsWith('/') ? raw : `/${raw}`}`);
  } catch {
    return new URL('http://sandbox.invalid/');
  }
}

/** One broker on one port: recording, CORS, faults and control wrapped around the broker's module. */
export function createBrokerServer(opts: BrokerServerOptions): BrokerServer {
  const { broker, state, faults, module, log } = opts;
  const sockets = new Set<Socket>();

  const record = (req: IncomingMessage, path: string) => {
    state.record({ broker, method: req.method ?? 'GET', path, headers: flatHeaders(req), at: state.now() });
  };

  /** Method, path without query, status: never a header value or a body, so no secret reaches a log. */
  const logWhenDone = (req: IncomingMessage, res: ServerResponse, pathname: string, control: boolean) => {
    const started = Date.now();
    res.on('close', () => {
      const outcome = res.writableFinished ? String(res.statusCode) : 'dropped';
      log(
        `[${broker}] ${req.method ?? '?'} ${pathname} ${outcome} ${Date.now() - started}ms${control ? ' (control)' : ''}`,
      );
    });
  };

  const failSafely = (res: ServerResponse, err: unknown) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (err instanceof BodyTooLarge) return sendJson(res, 413, { error: 'Request body too large' });
    log(`[${broker}] internal error: ${err instanceof Error ? err.name : 'unknown'}`);
    sendJson(res, 500, { error: 'Sandbox internal error' });
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const rawPath = req.url ?? '/';
    const url = parseUrl(rawPath);
    const ctx: Ctx = { req, res, url };
    const isControl = url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`);
    logWhenDone(req, res, url.pathname, isControl);
    if (isControl) {
      opts.control(broker, ctx).catch((err: unknown) => failSafely(res, err));
      return;
    }
    record(req, rawPath);
    applyCors(req, res);
    if (req.method === 'OPTIONS') {
      // Preflights are recorded but never faulted: a fault meant for the real request would
      // otherwise be spent on its preflight and surface as a CORS error instead.
      res.writeHead(204, { 'Content-Length': '0' });
      res.end();
      return;
    }
    // A hold comes first, so that a held request meets its fault (or its real answer) on release.
    const held = opts.holds.take(broker, rawPath);
    if (held) {
      void held.then((go) => (go ? answer(ctx, rawPath) : res.destroy()));
      return;
    }
    answer(ctx, rawPath);
  };

  /** The fault injected for this request, or else the broker's own answer. */
  const answer = (ctx: Ctx, rawPath: string) => {
    const { req, res, url } = ctx;
    const fault = faults.take(broker, rawPath, hostName(req));
    if (fault) {
      applyFault(fault, req, res, {
        hangMs: state.config.hangMs,
        tooManyBody: module.tooManyBody(url.pathname),
        otherOrigin: otherOriginFor(req),
      });
      return;
    }
    module.handle(ctx).catch((err: unknown) => failSafely(res, err));
  };

  /** The name the client addressed, without the port: what a fault's `host` is matched against. */
  const hostName = (req: IncomingMessage) => (req.headers.host ?? '').replace(/:\d+$/, '');

  /** A browser came by a `*.test` name and can resolve other.test; Node came by 127.0.0.1. */
  const otherOriginFor = (req: IncomingMessage) =>
    /\.test(:\d+)?$/.test(req.headers.host ?? '') ? opts.otherHost.url : opts.otherHost.loopbackUrl;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node drops its own error listener from an upgraded socket: without this, a client that
    // resets while being refused would crash the whole sandbox with an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    const rawPath = req.url ?? '/';
    const { pathname } = parseUrl(rawPath);
    record(req, rawPath);
    const fault = faults.take(broker, rawPath, hostName(req));
    let outcome: string;
    if (fault) {
      applyUpgradeFault(fault, socket, state.config.hangMs);
      outcome = `fault ${fault.kind}`;
    } else if (opts.quotes) {
      outcome = String(opts.quotes.handleUpgrade(req, socket, head, pathname));
    } else {
      socket.once('finish', () => socket.destroy());
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      outcome = '404';
    }
    log(`[${broker}] ${req.method ?? 'GET'} ${pathname} (websocket) ${outcome}`);
  };

  const server = createServer(onRequest);
  server.on('upgrade', onUpgrade);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return {
    listen: (port) =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        // Loopback only: the sandbox (and its control endpoints) must not be reachable from the network.
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        opts.quotes?.close();
        if (!server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
        // Hung responses, keep-alive and upgraded sockets would otherwise hold close() open.
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      }),
  };
}
