import { parseConfigPatch, parseFaultSpec } from './config.ts';
import { isRecord, matchRoute, readBody, sendJson } from './http-kit.ts';
import type { Ctx, Route } from './http-kit.ts';
import type { ControlHandler } from './server.ts';
import { BROKERS } from './types.ts';
import type { IssuedToken, Sandbox, SandboxBroker } from './types.ts';

/**
 * `/__sandbox/*` on every port: the programmatic API over HTTP, for e2e tests, benchmarks and
 * people. These requests are neither recorded nor faulted and get no CORS headers (no web page
 * should drive the sandbox). Readers default to the port's own broker; `?broker=all` widens them.
 */
export function createControl(getSandbox: () => Sandbox | undefined): ControlHandler {
  /** Empty body = {}; anything else must be a JSON object. */
  const readObject = async (ctx: Ctx): Promise<Record<string, unknown> | undefined> => {
    const text = await readBody(ctx.req);
    if (text.trim() === '') return {};
    try {
      const value: unknown = JSON.parse(text);
      return isRecord(value) ? value : undefined;
    } catch {
      return undefined;
    }
  };

  /**
   * Empty body = {}; else a JSON object of non-empty strings, only under `keys`. An unknown key
   * fails loudly, as in config: a misspelt `username` must not quietly revoke every user.
   */
  const readStrings = async (
    ctx: Ctx,
    keys: readonly string[],
  ): Promise<Record<string, string> | undefined> => {
    const body = await readObject(ctx);
    if (!body) return undefined;
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(body)) {
      if (!keys.includes(key) || typeof value !== 'string' || value === '') return undefined;
      out[key] = value;
    }
    return out;
  };

  const brokerParam = (ctx: Ctx, own: SandboxBroker): SandboxBroker | undefined | 'invalid' => {
    const value = ctx.url.searchParams.get('broker');
    if (value === null) return own;
    if (value === 'all') return undefined;
    return (BROKERS as readonly string[]).includes(value) ? (value as SandboxBroker) : 'invalid';
  };

  const info = (sb: Sandbox, own: SandboxBroker) => ({
    broker: own,
    ports: sb.ports,
    urls: sb.urls,
    loopbackUrls: sb.loopbackUrls,
    users: sb.users,
    etnaAppKey: sb.etnaAppKey,
    totpSecret: sb.totpSecret,
    totpUri: sb.totpUri,
    config: sb.config,
  });

  return async (own, ctx) => {
    const sb = getSandbox();
    if (!sb) return sendJson(ctx.res, 503, { error: 'sandbox is starting' });
    const q = ctx.url.searchParams;
    const bad = (error: string) => sendJson(ctx.res, 400, { error });

    const routes: Route[] = [
      { method: 'GET', path: '/__sandbox', handler: () => sendJson(ctx.res, 200, info(sb, own)) },
      { method: 'GET', path: '/__sandbox/', handler: () => sendJson(ctx.res, 200, info(sb, own)) },
      { method: 'GET', path: '/__sandbox/info', handler: () => sendJson(ctx.res, 200, info(sb, own)) },
      {
        method: 'GET',
        path: '/__sandbox/outbox',
        handler: () => {
          const username = q.get('username');
          sendJson(
            ctx.res,
            200,
            sb.outbox().filter((m) => username === null || m.username === username),
          );
        },
      },
      {
        method: 'GET',
        path: '/__sandbox/requests',
        handler: () => {
          const broker = brokerParam(ctx, own);
          if (broker === 'invalid') return bad('unknown broker');
          sendJson(ctx.res, 200, sb.requests({ broker, path: q.get('path') ?? undefined }));
        },
      },
      {
        method: 'DELETE',
        path: '/__sandbox/requests',
        handler: () => {
          sb.clearRequests();
          sendJson(ctx.res, 200, { ok: true });
        },
      },
      {
        method: 'GET',
        path: '/__sandbox/tokens',
        handler: () => {
          const broker = brokerParam(ctx, own);
          if (broker === 'invalid') return bad('unknown broker');
          const kind = q.get('kind');
          if (kind !== null && !['access', 'refresh', 'interim'].includes(kind)) return bad('unknown kind');
          sendJson(
            ctx.res,
            200,
            sb.issuedTokens({
              broker,
              username: q.get('username') ?? undefined,
              kind: (kind ?? undefined) as IssuedToken['kind'] | undefined,
            }),
          );
        },
      },
      {
        method: 'POST',
        path: '/__sandbox/config',
        handler: async () => {
          const patch = parseConfigPatch(await readObject(ctx));
          if ('error' in patch) return bad(String(patch.error));
          sb.configure(patch);
          sendJson(ctx.res, 200, sb.config);
        },
      },
      {
        method: 'POST',
        path: '/__sandbox/faults',
        handler: async () => {
          const spec = parseFaultSpec(await readObject(ctx));
          if ('error' in spec) return bad(spec.error);
          sb.injectFaults(own, spec);
          sendJson(ctx.res, 200, { ok: true, broker: own, fault: spec });
        },
      },
      {
        method: 'POST',
        path: '/__sandbox/revoke',
        handler: async () => {
          const broker = brokerParam(ctx, own);
          if (broker === 'invalid') return bad('unknown broker');
          const body = await readStrings(ctx, ['username']);
          if (!body) return bad('body must be empty or {"username": "..."}');
          const revoked = sb.revokeAll(broker, body.username);
          sendJson(ctx.res, 200, {
            ok: true,
            broker: broker ?? 'all',
            ...(body.username === undefined ? {} : { username: body.username }),
            revoked,
          });
        },
      },
      {
        method: 'POST',
        path: '/__sandbox/forget-access',
        handler: async () => {
          const body = await readStrings(ctx, ['token']);
          if (!body) return bad('body must be empty or {"token": "..."}');
          const forgotten = sb.forgetAccessToken(own, body.token);
          // The token is never echoed: this answer may end up in a terminal or a log.
          if (forgotten === 0) {
            return sendJson(ctx.res, 404, {
              error:
                body.token === undefined
                  ? `no live ${own} access token to forget`
                  : `that token is not a live ${own} access token`,
            });
          }
          sendJson(ctx.res, 200, { ok: true, broker: own, forgotten });
        },
      },
      {
        method: 'POST',
        path: '/__sandbox/reset',
        handler: () => {
          sb.reset();
          sendJson(ctx.res, 200, { ok: true });
        },
      },
      {
        method: 'POST',
        path: '/__sandbox/one-time-token',
        handler: async () => {
          const body = await readObject(ctx);
          if (!body || typeof body.login !== 'string')
            return bad('body must be {"login": "...", "ttlSec"?: n}');
          if (body.ttlSec !== undefined && typeof body.ttlSec !== 'number')
            return bad('ttlSec must be a number');
          try {
            sendJson(ctx.res, 200, { token: sb.mintOneTimeToken(body.login, body.ttlSec) });
          } catch (err) {
            bad(err instanceof Error ? err.message : 'cannot mint');
          }
        },
      },
    ];

    const handler = matchRoute(routes, ctx.req.method ?? 'GET', ctx.url.pathname);
    if (handler === 'wrong-method') return sendJson(ctx.res, 405, { error: 'method not allowed' });
    if (!handler) return sendJson(ctx.res, 404, { error: 'unknown control endpoint' });
    await handler(ctx); // a too-large body or a bug is answered by the server's catch-all
  };
}
