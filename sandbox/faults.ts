import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { sendJson, sendText } from './http-kit.ts';
import type { FaultKind, FaultSpec, SandboxBroker } from './types.ts';

interface PendingFault {
  kind: FaultKind;
  remaining: number;
  path?: string;
  host?: string;
  retryAfterSec: number;
  redirectStatus: number;
}

export interface TakenFault {
  kind: FaultKind;
  retryAfterSec: number;
  redirectStatus: number;
}

/** Queued faults per broker; injections are consumed in the order they were made. */
export class FaultQueue {
  private queues = new Map<SandboxBroker, PendingFault[]>();

  inject(broker: SandboxBroker, spec: FaultSpec): void {
    const list = this.queues.get(broker) ?? [];
    const fault: PendingFault = {
      kind: spec.kind,
      remaining: spec.count,
      retryAfterSec: spec.retryAfterSec ?? 2,
      redirectStatus: spec.redirectStatus ?? 307,
    };
    if (spec.path !== undefined) fault.path = spec.path;
    if (spec.host !== undefined) fault.host = spec.host.toLowerCase();
    list.push(fault);
    this.queues.set(broker, list);
  }

  /** The fault for this request, if one is pending for a matching path and host (and uses it up). */
  take(broker: SandboxBroker, pathWithQuery: string, host?: string): TakenFault | undefined {
    const list = this.queues.get(broker);
    if (!list) return undefined;
    const index = list.findIndex(
      (f) =>
        (f.path === undefined || pathWithQuery.includes(f.path)) &&
        (f.host === undefined || f.host === host?.toLowerCase()),
    );
    const fault = list[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) list.splice(index, 1);
    return { kind: fault.kind, retryAfterSec: fault.retryAfterSec, redirectStatus: fault.redirectStatus };
  }

  clear(): void {
    this.queues.clear();
  }
}

const ERROR_PAGE =
  '<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head>' +
  '<body><h1>Internal Server Error</h1><p>The sandbox was told to fail this request.</p></body></html>';

/** Deliberately cut mid-value: a client must report it, not crash on it. */
const TRUNCATED_JSON = '{"State": "Succ';

/**
 * Answers a request with its fault. 'hang' holds the response and is released when the client
 * goes away (so close() and aborted requests leave no timer behind); the timer is unref'd so it
 * never keeps a process alive.
 */
export function applyFault(
  fault: TakenFault,
  req: IncomingMessage,
  res: ServerResponse,
  opts: { hangMs: number; tooManyBody: unknown; otherOrigin: string },
): void {
  switch (fault.kind) {
    case 'redirect':
      // Same path and query on another host: what a hijacked or misconfigured API host would send.
      res.writeHead(fault.redirectStatus, {
        Location: `${opts.otherOrigin}${req.url ?? '/'}`,
        'Content-Length': '0',
      });
      res.end();
      return;
    case '500':
      sendText(res, 500, ERROR_PAGE, 'text/html; charset=utf-8');
      return;
    case 'malformed':
      sendText(res, 200, TRUNCATED_JSON, 'application/json');
      return;
    case '429':
      sendJson(res, 429, opts.tooManyBody, { 'Retry-After': String(fault.retryAfterSec) });
      return;
    case 'drop':
      req.socket.destroy();
      return;
    case 'hang': {
      const timer = setTimeout(() => {
        if (!res.writableEnded && !res.destroyed) sendText(res, 504, 'Gateway Timeout (sandbox hang fault)');
      }, opts.hangMs);
      timer.unref();
      res.on('close', () => clearTimeout(timer));
      return;
    }
  }
}

/** The same faults for a WebSocket handshake, written on the raw socket. */
export function applyUpgradeFault(fault: TakenFault, socket: Duplex, hangMs: number): void {
  const write = (head: string) => {
    socket.once('finish', () => socket.destroy());
    socket.end(`HTTP/1.1 ${head}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  switch (fault.kind) {
    case '500':
      write('500 Internal Server Error');
      return;
    case '429':
      write(`429 Too Many Requests\r\nRetry-After: ${fault.retryAfterSec}`);
      return;
    case 'malformed':
      // A 200 where a 101 is expected is the handshake's version of a broken answer.
      write('200 OK');
      return;
    case 'drop':
      socket.destroy();
      return;
    case 'redirect':
      write(`${fault.redirectStatus} Redirect`);
      return;
    case 'hang': {
      const timer = setTimeout(() => socket.destroy(), hangMs);
      timer.unref();
      socket.on('close', () => clearTimeout(timer));
      return;
    }
  }
}
