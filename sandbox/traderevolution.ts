import {
  bearer,
  header,
  matchRoute,
  readJsonObject,
  sendIndexPage,
  sendJson,
  sendText,
  whoamiBody,
} from './http-kit.ts';
import type { BrokerModule, Ctx, Route } from './http-kit.ts';
import { randomToken, signJwt } from './jwt.ts';
import type { SandboxState } from './state.ts';
import { findUser, userExists } from './users.ts';

/** TraderEvolution Back Office REST API: every path lives under this prefix. */
export const TE_BASE_PATH = '/proftrading/rest';

/** TraderEvolution's error shape: dotted codes in an `errors` array. */
function teError(ctx: Ctx, status: number, code: string, message: string) {
  sendJson(ctx.res, status, { errors: [{ code, message }] });
}

const NOT_VALID = '1.5.0.3';

export function createTraderEvolution(state: SandboxState): BrokerModule {
  /** Login and refresh answer the same way: a brand-new pair. */
  const issuePair = (ctx: Ctx, username: string) => {
    const now = state.now();
    const { accessTokenLifetimeSec, refreshTokenLifetimeSec } = state.config;
    const accessExpiresAt = now + accessTokenLifetimeSec * 1000;
    const access = signJwt({
      sub: username,
      iss: 'traderevolution-sandbox',
      expiresAt: accessExpiresAt,
      now,
    });
    const issued = state.addToken({
      broker: 'traderevolution',
      username,
      kind: 'access',
      token: access,
      expiresAt: accessExpiresAt,
    });
    const refresh = state.addToken({
      broker: 'traderevolution',
      username,
      kind: 'refresh',
      token: randomToken(48),
      expiresAt: now + refreshTokenLifetimeSec * 1000,
    });
    sendJson(ctx.res, 200, {
      accessToken: issued.token,
      accessTokenLifeTime: accessTokenLifetimeSec,
      refreshToken: refresh.token,
      refreshTokenLifeTime: refreshTokenLifetimeSec,
    });
  };

  const login = async (ctx: Ctx) => {
    const body = await readJsonObject(ctx.req);
    if (!body) return teError(ctx, 400, '1.0.0.1', 'Malformed request body');
    if (typeof body.login !== 'string' || typeof body.password !== 'string') {
      return teError(ctx, 400, '1.0.0.2', 'Fields login and password are required');
    }
    const user = findUser('traderevolution', body.login, body.password);
    if (!user) return teError(ctx, 401, '1.2.0.11', 'Wrong login or password');
    if (user.username === 'te-norest') return teError(ctx, 400, '2.0.2.4', 'No access to REST API');
    issuePair(ctx, user.username);
  };

  /** Rotation: the refresh token is spent by its first use; the old access token lives on. */
  const refresh = (ctx: Ctx) => {
    const value = header(ctx.req, 'token');
    const rec = value === undefined ? undefined : state.liveToken('traderevolution', 'refresh', value);
    if (!rec) return teError(ctx, 401, '1.2.0.14', 'Refresh token is not valid');
    rec.used = true;
    issuePair(ctx, rec.username);
  };

  const currentUser = (ctx: Ctx) => {
    const value = bearer(ctx.req);
    return value === undefined ? undefined : state.useAccessToken('traderevolution', value);
  };

  const verify = async (ctx: Ctx) => {
    if (!currentUser(ctx)) return teError(ctx, 401, '1.2.0.1', 'Unauthorized');
    const body = await readJsonObject(ctx.req);
    if (!body) return teError(ctx, 400, '1.0.0.1', 'Malformed request body');
    if (typeof body.token !== 'string') return teError(ctx, 400, NOT_VALID, 'Token is not valid');
    const check = state.spendOneTimeToken(body.token, state.now());
    if (!check.ok) {
      const detail =
        check.reason === 'unknown' ? '' : `: ${check.reason === 'used' ? 'already used' : 'expired'}`;
      return teError(ctx, 400, NOT_VALID, `Token is not valid${detail}`);
    }
    // The answer's shape is unpublished; the flag lets tests prove the client accepts both.
    if (state.config.teVerifyPlainString) return sendText(ctx.res, 200, check.login);
    sendJson(ctx.res, 200, { login: check.login });
  };

  const whoami = (ctx: Ctx) => {
    const rec = currentUser(ctx);
    if (!rec) return teError(ctx, 401, '1.2.0.1', 'Unauthorized');
    sendJson(ctx.res, 200, whoamiBody('traderevolution', rec.username, rec.token));
  };

  const index = (ctx: Ctx) =>
    sendIndexPage(
      ctx,
      'TraderEvolution sandbox API',
      [`${TE_BASE_PATH}/whoami`, `${TE_BASE_PATH}/accounts`],
      currentUser(ctx)?.username,
    );

  const routes: Route[] = [
    { method: 'GET', path: TE_BASE_PATH, handler: index },
    { method: 'GET', path: `${TE_BASE_PATH}/`, handler: index },
    { method: 'POST', path: `${TE_BASE_PATH}/auth/token`, handler: login },
    { method: 'GET', path: `${TE_BASE_PATH}/auth/token/refresh`, handler: refresh },
    { method: 'POST', path: `${TE_BASE_PATH}/external/token/verify`, handler: verify },
    { method: ['GET', 'POST'], path: `${TE_BASE_PATH}/whoami`, handler: whoami },
    { method: 'GET', path: `${TE_BASE_PATH}/accounts*`, handler: whoami },
  ];

  return {
    tooManyBody: () => ({ errors: [{ code: '2.147.1.27', message: 'Too many requests' }] }),
    async handle(ctx) {
      const handler = matchRoute(routes, ctx.req.method ?? 'GET', ctx.url.pathname);
      if (handler === 'wrong-method') return teError(ctx, 405, '1.0.0.405', 'Method not allowed');
      if (!handler) return teError(ctx, 404, '1.0.0.404', 'Not found');
      await handler(ctx);
    },
  };
}

/** A one-time token as TraderEvolution's server would generate for an external link. */
export function mintOneTimeToken(state: SandboxState, login: string, ttlSec = 60): string {
  if (!userExists('traderevolution', login)) throw new Error(`unknown TraderEvolution user: ${login}`);
  if (!Number.isFinite(ttlSec) || ttlSec <= 0) throw new Error('ttlSec must be a positive number');
  const token = randomToken(24);
  state.addOneTimeToken(token, login, state.now() + ttlSec * 1000);
  return token;
}
