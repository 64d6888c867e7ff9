/**
 * One proxied HTTP request: the body streams through (a body of up to 1 MiB is kept, so that a
 * request refused with 401 can be sent again once after a renewal), the answer streams back.
 */
import { request as httpRequest } from 'node:http';
import type { Agent, IncomingMessage, ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { BridgeHeaders } from '../../../shared/bridge-protocol.ts';
import { CliError } from '../errors.ts';
import { downstreamResponseHeaders, upstreamRequestHeaders } from './forwarded-headers.ts';
import type { HeaderSource } from './header-source.ts';
import { TargetError, apiTarget } from './target.ts';
import type { ApiTarget, RequestPath } from './target.ts';

/** Bodies up to this size are kept for a retry after a 401; larger ones stream without one. */
export const RETRY_BODY_LIMIT = 1024 * 1024;

export interface ForwardContext {
  source: HeaderSource;
  agents: (protocol: string) => Agent;
}

/** An error answer of the proxy's own: JSON, never a token. */
export function sendError(res: ServerResponse, status: number, error: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error, message });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendSessionError(res: ServerResponse, error: unknown): void {
  const failure = error instanceof CliError ? error : new CliError('internal', String(error));
  sendError(res, 503, failure.code, failure.message);
}

type Body = { kind: 'kept'; bytes: Buffer } | { kind: 'stream'; head: Buffer[] };

/** Reads the body until it ends (kept) or passes the limit (the rest will stream). */
const NO_BODY: Body = { kind: 'kept', bytes: Buffer.alloc(0) };

function readBody(req: IncomingMessage): Promise<Body> {
  const length = req.headers['content-length'];
  // Neither a length nor chunks: no body (RFC 9112 §6.3), the common GET needs no wait.
  if (length === undefined && req.headers['transfer-encoding'] === undefined) {
    req.resume();
    return Promise.resolve(NO_BODY);
  }
  if (Number(length) > RETRY_BODY_LIMIT) return Promise.resolve({ kind: 'stream', head: [] });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size <= RETRY_BODY_LIMIT) return;
      req.pause();
      cleanup();
      resolve({ kind: 'stream', head: chunks });
    };
    const onEnd = () => {
      cleanup();
      resolve({ kind: 'kept', bytes: Buffer.concat(chunks, size) });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

function send(
  target: ApiTarget,
  req: IncomingMessage,
  session: BridgeHeaders,
  body: Body,
  agent: Agent,
): ReturnType<typeof httpRequest> {
  const headers = upstreamRequestHeaders(req.rawHeaders, session.headers);
  const hasLength = Object.keys(headers).some((name) => name.toLowerCase() === 'content-length');
  // A chunked body that was kept whole goes with its length; a streamed one stays chunked.
  if (body.kind === 'kept' && !hasLength && body.bytes.length > 0)
    headers['Content-Length'] = String(body.bytes.length);
  if (body.kind === 'stream' && !hasLength) headers['Transfer-Encoding'] = 'chunked';
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = request({
    protocol: target.protocol,
    hostname: target.hostname,
    port: target.port,
    method: req.method,
    path: target.path,
    headers,
    agent,
  });
  if (body.kind === 'kept') {
    upstream.end(body.bytes);
  } else {
    for (const chunk of body.head) upstream.write(chunk);
    req.pipe(upstream);
    req.resume();
  }
  return upstream;
}

/** Forwards `req`; resolves with the status sent (for the log), once the answer has started. */
export async function forward(
  req: IncomingMessage,
  res: ServerResponse,
  path: RequestPath,
  context: ForwardContext,
): Promise<number> {
  let session: BridgeHeaders;
  try {
    session = await context.source.get();
  } catch (error) {
    sendSessionError(res, error);
    return 503;
  }
  const body = await readBody(req);
  let retried = body.kind === 'stream'; // a streamed body is gone once sent: no second try
  for (;;) {
    let target: ApiTarget;
    try {
      target = apiTarget(path, session.apiBaseUrl);
    } catch (error) {
      if (!(error instanceof TargetError)) throw error;
      sendError(res, 502, 'bad-api-url', error.message);
      return 502;
    }
    const upstream = send(target, req, session, body, context.agents(target.protocol));
    // The client went away before its answer was through: so does the request to the API.
    const abort = () => {
      if (!res.writableFinished) upstream.destroy();
    };
    res.once('close', abort);
    const response = await new Promise<IncomingMessage | Error>((resolve) => {
      upstream.once('response', resolve);
      upstream.once('error', resolve);
    });
    if (response instanceof Error) {
      res.off('close', abort);
      sendError(res, 502, 'upstream', `The API did not answer: ${response.message}`);
      return 502;
    }
    if (response.statusCode === 401 && !retried) {
      retried = true;
      res.off('close', abort);
      response.resume(); // dropped: the request goes again
      try {
        session = await context.source.renewed(session.accessToken);
      } catch (error) {
        sendSessionError(res, error);
        return 503;
      }
      continue;
    }
    const status = response.statusCode ?? 502;
    upstream.on('error', () => res.destroy()); // cut off in the middle of the answer
    response.once('error', () => res.destroy());
    response.once('end', () => res.off('close', abort));
    res.writeHead(status, response.statusMessage, downstreamResponseHeaders(response.rawHeaders));
    response.pipe(res);
    return status;
  }
}
