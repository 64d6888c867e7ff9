import { randomUUID } from 'node:crypto';
import { bearer, matchRoute, readJsonObject, sendIndexPage, sendJson, whoamiBody } from './http-kit.ts';
import type { BrokerModule, Ctx, Route } from './http-kit.ts';
import { randomToken, signJwt } from './jwt.ts';
import type { SandboxState } from './state.ts';
import { findUser, isValidTotp } from './users.ts';
import {
  AWS_USERNAMES,
  COGNITO_EXPIRED,
  COGNITO_WRONG_CODE,
  missingStrings,
  VOLVEN_ERRORS,
  volvenError,
  volvenErrorBody,
} from './volven-errors.ts';

/** Volven / TÝR Markets: one login endpoint for password, challenge answer and refresh. */
export const VOLVEN_LOGIN_PATH = '/httpserver/main/v2/auth/login';

export function createVolven(state: SandboxState): BrokerModule {
  const issueAccess = (username: string, now: number) => {
    const expiresAt = now + state.config.accessTokenLifetimeSec * 1000;
    const token = signJwt({ sub: username, iss: 'volven-sandbox', expiresAt, now });
    return state.addToken({ broker: 'volven', username, kind: 'access', token, expiresAt });
  };

  /** The documented success answer of steps 1 and 2. */
  const signedIn = (ctx: Ctx, username: string) => {
    const now = state.now();
    const access = issueAccess(username, now);
    const refresh = state.addToken({
      broker: 'volven',
      username,
      kind: 'refresh',
      token: randomToken(48),
      expiresAt: now + state.config.refreshTokenLifetimeSec * 1000,
      linkedAccess: access.token,
    });
    sendJson(
      ctx.res,
      200,
      {
        refreshToken: refresh.token,
        expirationTime: state.config.accessTokenLifetimeSec,
        isAppConnected: false,
      },
      { Authorization: `Bearer ${access.token}` },
    );
  };

  const passwordLogin = (ctx: Ctx, body: Record<string, unknown>) => {
    const missing = missingStrings(body, ['username', 'password']);
    if (missing.length > 0) {
      return volvenError(ctx, VOLVEN_ERRORS.missingField, missing);
    }
    const user = findUser('volven', String(body.username), String(body.password));
    if (!user) {
      return volvenError(ctx, VOLVEN_ERRORS.badCredentials);
    }
    if (user.mfa !== 'totp') return signedIn(ctx, user.username);
    const awsUsername = AWS_USERNAMES[user.username] ?? randomUUID();
    const session = state.addToken({
      broker: 'volven',
      username: user.username,
      kind: 'interim',
      token: `AYAB${randomToken(96)}`,
      expiresAt: state.now() + state.config.challengeLifetimeSec * 1000,
      expect: awsUsername,
    });
    sendJson(ctx.res, 200, {
      awsUsername,
      session: session.token,
      challengeName: 'SOFTWARE_TOKEN_MFA',
      status: 'CHALLENGE_REQUIRED',
    });
  };

  const answerChallenge = (ctx: Ctx, body: Record<string, unknown>) => {
    const missing = missingStrings(body, [
      'awsUsername',
      'session',
      'challengeName',
      'status',
      'challengeAnswer',
    ]);
    if (missing.length > 0) {
      return volvenError(ctx, VOLVEN_ERRORS.missingField, missing);
    }
    const session = state.liveToken('volven', 'interim', String(body.session));
    const cognito = state.config.volvenMfaErrors === 'cognito';
    if (!session || session.expect !== body.awsUsername || body.challengeName !== 'SOFTWARE_TOKEN_MFA') {
      if (cognito) return sendJson(ctx.res, 401, COGNITO_EXPIRED);
      return volvenError(ctx, VOLVEN_ERRORS.sessionExpired, ['session']);
    }
    if (!isValidTotp(String(body.challengeAnswer), state.now())) {
      if (cognito) return sendJson(ctx.res, 401, COGNITO_WRONG_CODE);
      return volvenError(ctx, VOLVEN_ERRORS.badCode, ['challengeAnswer']);
    }
    session.used = true; // a challenge session answers once, like Cognito's
    signedIn(ctx, session.username);
  };

  const refresh = (ctx: Ctx, refreshToken: unknown) => {
    if (typeof refreshToken !== 'string' || refreshToken === '') {
      return volvenError(ctx, VOLVEN_ERRORS.missingField, ['refreshToken']);
    }
    const rec = state.liveToken('volven', 'refresh', refreshToken);
    if (!rec) {
      return volvenError(ctx, VOLVEN_ERRORS.badRefresh, ['refreshToken']);
    }
    const now = state.now();
    // A token the server forgot (`forgetAccessToken`) is gone from the store and unlinked, so
    // 'prolong' finds nothing to prolong here and issues a new token: the forgotten one stays dead.
    const linked =
      rec.linkedAccess === undefined ? undefined : state.findToken('volven', 'access', rec.linkedAccess);
    if (state.config.volvenRefreshVariant === 'prolong' && linked) {
      // Seed 001: the session is "prolonged"; the same token stays, only the server's expiry moves.
      linked.expiresAt = now + state.config.accessTokenLifetimeSec * 1000;
      return sendJson(ctx.res, 200, { expirationTime: Math.floor(linked.expiresAt / 1000) });
    }
    const access = issueAccess(rec.username, now);
    rec.linkedAccess = access.token;
    sendJson(
      ctx.res,
      200,
      { expirationTime: Math.floor(access.expiresAt / 1000) },
      { Authorization: `Bearer ${access.token}` },
    );
  };

  const login = async (ctx: Ctx) => {
    const body = await readJsonObject(ctx.req);
    if (!body) {
      return volvenError(ctx, VOLVEN_ERRORS.malformed);
    }
    if ('refreshToken' in body) return refresh(ctx, body.refreshToken);
    if ('challengeAnswer' in body || 'session' in body) return answerChallenge(ctx, body);
    return passwordLogin(ctx, body);
  };

  const caller = (ctx: Ctx) => {
    const token = bearer(ctx.req);
    return token === undefined ? undefined : state.useAccessToken('volven', token);
  };

  const whoami = (ctx: Ctx) => {
    const rec = caller(ctx);
    if (!rec) return volvenError(ctx, VOLVEN_ERRORS.unauthorized);
    sendJson(ctx.res, 200, whoamiBody('volven', rec.username, rec.token));
  };

  const index = (ctx: Ctx) =>
    sendIndexPage(ctx, 'Volven sandbox API', ['/whoami', '/as/v3/accounts'], caller(ctx)?.username);

  const routes: Route[] = [
    { method: 'GET', path: '/', handler: index },
    { method: 'POST', path: VOLVEN_LOGIN_PATH, handler: login },
    { method: ['GET', 'POST'], path: '/whoami', handler: whoami },
    { method: 'GET', path: '/as/v3/accounts*', handler: whoami },
  ];

  return {
    tooManyBody: (path) => volvenErrorBody(VOLVEN_ERRORS.tooMany, path),
    async handle(ctx) {
      const handler = matchRoute(routes, ctx.req.method ?? 'GET', ctx.url.pathname);
      if (handler === 'wrong-method') return volvenError(ctx, VOLVEN_ERRORS.wrongMethod);
      if (!handler) return volvenError(ctx, VOLVEN_ERRORS.notFound);
      await handler(ctx);
    },
  };
}
