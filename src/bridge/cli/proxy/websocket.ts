/**
 * WebSocket pass-through: the client's handshake goes to the API (ws:// or wss://, as the API base
 * URL is http or https) with the session's headers; once the API switches protocols, the two
 * sockets are piped to each other and the proxy no longer looks at the bytes.
 */
import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import { CliError } from '../errors.ts';
import {
  downstreamResponseHeaders,
  upgradeRequestHeaders,
  upgradeResponseHeaders,
} from './forwarded-headers.ts';
import type { RawHeaders } from './forwarded-headers.ts';
import type { HeaderSource } from './header-source.ts';
import { TargetError, apiTarget } from './target.ts';
import type { RequestPath } from './target.ts';

function head(status: number, message: string | undefined, headers: RawHeaders): string {
  const lines = [`HTTP/1.1 ${status} ${message ?? ''}`];
  for (let i = 0; i < headers.length; i += 2) lines.push(`${headers[i]}: ${headers[i + 1]}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** An error answer on a raw socket (the handshake has no ServerResponse): JSON, then close. */
export function refuseUpgrade(socket: Duplex, status: number, error: string, message: string): void {
  const body = JSON.stringify({ error, message });
  const headers = [
    'Content-Type',
    'application/json',
    'Content-Length',
    String(Buffer.byteLength(body)),
    'Connection',
    'close',
  ];
  socket.end(head(status, '', headers) + body);
}

/** Relays one handshake; resolves with the status the API answered (101 when it switched). */
export async function forwardUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  clientHead: Buffer,
  path: RequestPath,
  source: HeaderSource,
): Promise<number> {
  socket.on('error', () => socket.destroy());
  let session;
  try {
    session = await source.get();
  } catch (error) {
    const failure = error instanceof CliError ? error : new CliError('internal', String(error));
    refuseUpgrade(socket, 503, failure.code, failure.message);
    return 503;
  }
  let target;
  try {
    target = apiTarget(path, session.apiBaseUrl);
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    refuseUpgrade(socket, 502, 'bad-api-url', error.message);
    return 502;
  }
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = request({
    hostname: target.hostname,
    port: target.port,
    method: req.method,
    path: target.path,
    headers: upgradeRequestHeaders(req.rawHeaders, session.headers),
    agent: false, // an upgraded socket never goes back to a pool
  });
  socket.once('close', () => upstream.destroy());
  return new Promise((resolve) => {
    upstream.once('upgrade', (response, apiSocket, apiHead) => {
      socket.write(head(101, response.statusMessage, upgradeResponseHeaders(response.rawHeaders)));
      if (apiHead.length > 0) socket.write(apiHead);
      if (clientHead.length > 0) apiSocket.write(clientHead);
      apiSocket.on('error', () => socket.destroy());
      apiSocket.once('close', () => socket.destroy());
      socket.once('close', () => apiSocket.destroy());
      apiSocket.pipe(socket).pipe(apiSocket);
      resolve(101);
    });
    upstream.once('response', (response) => {
      const status = response.statusCode ?? 502;
      // A refused handshake says so: the token may be the stale one, so renew for the next try.
      if (status === 401) source.renewed(session.accessToken).catch(() => undefined);
      socket.write(
        head(status, response.statusMessage, [
          ...downstreamResponseHeaders(response.rawHeaders),
          'Connection',
          'close',
        ]),
      );
      response.pipe(socket);
      resolve(status);
    });
    upstream.once('error', (error) => {
      refuseUpgrade(socket, 502, 'upstream', `The API did not answer: ${error.message}`);
      resolve(502);
    });
    upstream.end();
  });
}
