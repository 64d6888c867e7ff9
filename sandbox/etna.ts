import { randomInt } from 'node:crypto';
import { bearer, header, matchRoute, sendIndexPage, sendJson, whoamiBody } from './http-kit.ts';
import type { BrokerModule, Ctx, Route } from './http-kit.ts';
import { randomToken } from './jwt.ts';
import type { SandboxState } from './state.ts';
import { ETNA_APP_KEY, findUser } from './users.ts';

/** ETNA Trader: base path `/api`; credentials travel in request headers, never in a body. */
export const ETNA_TOKEN_PATH = '/api/token';

type Step = 'VerificationCode' | 'SecutityPin';

/** How each 2FA user's first step answers; both 202 and 200 are documented. */
const SECOND_FACTOR: Record<
  string,
  { step: Step; status: 200 | 202; channel?: 'email' | 'sms'; to?: string; pin?: string }
> = {
  'etna-trader': { step: 'VerificationCode', status: 202, channel: 'email', to: 'etna-trader@etna.test' },
  'etna-sms': { step: 'VerificationCode', status: 200, channel: 'sms', to: '+1 555 0100' },
  'etna-pin': { step: 'SecutityPin', status: 202, pin: '2468' },
};

const DENIED = { Message: 'Authorization has been denied for this request.' };

function failed(ctx: Ctx, step: string, reason: string) {
  sendJson(ctx.res, 401, { State: 'Failed', Step: step, Reason: reason });
}

export function createEtna(state: SandboxState): BrokerModule {
  const succeeded = (ctx: Ctx, username: string) => {
    const token = randomToken(48, 'base64');
    const expiresAt = state.now() + state.config.accessTokenLifetimeSec * 1000;
    const issued = state.addToken({ broker: 'etna', username, kind: 'access', token, expiresAt });
    sendJson(ctx.res, 200, { State: 'Succeeded', Token: issued.token });
  };

  /** First request of a 2FA user: an interim token, and a fresh code in the outbox (or a fixed PIN). */
  const startSecondFactor = (ctx: Ctx, username: string, factor: (typeof SECOND_FACTOR)[string]) => {
    const now = state.now();
    const code = factor.pin ?? String(randomInt(0, 1_000_000)).padStart(6, '0');
    const interim = state.addToken({
      broker: 'etna',
      username,
      kind: 'interim',
      token: `${randomToken(24, 'base64')}+${randomToken(16, 'base64')}`,
      expiresAt: now + state.config.challengeLifetimeSec * 1000,
      expect: code,
    });
    if (factor.channel && factor.to) {
      state.sendCode({ to: factor.to, username, code, channel: factor.channel, at: now });
    }
    const reason = factor.step === 'SecutityPin' ? 'Expecting security PIN' : 'Expecting confirmation code';
    sendJson(ctx.res, factor.status, {
      Step: factor.step,
      Reason: reason,
      State: 'Expecting',
      Token: interim.token,
    });
  };

  const token = (ctx: Ctx) => {
    const slot = state.takeEtnaLoginSlot(state.now());
    if (!slot.ok) {
      return sendJson(
        ctx.res,
        429,
        { Message: 'Too many requests' },
        { 'Retry-After': String(slot.retryAfterSec) },
      );
    }
    // The app key is checked before anything about the user, as the docs' "common mistakes" imply.
    if (header(ctx.req, 'et-app-key') !== ETNA_APP_KEY) {
      return sendJson(ctx.res, 401, { error: 'Application key is not defined or does not exist' });
    }
    const user = findUser('etna', header(ctx.req, 'username') ?? '', header(ctx.req, 'password') ?? '');
    if (!user) return failed(ctx, 'BaseAuthentication', 'Invalid credentials');
    const factor = SECOND_FACTOR[user.username];
    if (!factor) return succeeded(ctx, user.username);

    const codeHeader = factor.step === 'SecutityPin' ? 'pincode' : 'verificationcode';
    const code = header(ctx.req, codeHeader);
    // No code header = a first request, even if a (stale) Authorization came along with it.
    if (code === undefined) return startSecondFactor(ctx, user.username, factor);

    const interimToken = bearer(ctx.req);
    const interim = interimToken === undefined ? undefined : state.findToken('etna', 'interim', interimToken);
    if (!interim || interim.used || interim.username !== user.username) {
      return failed(ctx, factor.step, 'Corrupted ticket');
    }
    if (interim.expiresAt <= state.now()) {
      return failed(
        ctx,
        factor.step,
        factor.step === 'SecutityPin' ? 'Security PIN expired' : 'Verification code expired',
      );
    }
    if (code.trim() !== interim.expect) {
      return failed(
        ctx,
        factor.step,
        factor.step === 'SecutityPin' ? 'Invalid security PIN' : 'Invalid verification code',
      );
    }
    interim.used = true;
    succeeded(ctx, user.username);
  };

  /**
   * API calls need both the bearer token and the app key. The key is checked first: a call it
   * refuses is no use of the token, so it neither restarts nor trips the idle clock.
   */
  const caller = (ctx: Ctx) => {
    const tokenValue = bearer(ctx.req);
    if (tokenValue === undefined || header(ctx.req, 'et-app-key') !== ETNA_APP_KEY) return undefined;
    return state.useAccessToken('etna', tokenValue);
  };

  const whoami = (ctx: Ctx) => {
    const rec = caller(ctx);
    if (!rec) return sendJson(ctx.res, 401, DENIED);
    sendJson(ctx.res, 200, whoamiBody('etna', rec.username, rec.token));
  };

  const index = (ctx: Ctx) =>
    sendIndexPage(ctx, 'ETNA sandbox API', ['/api/whoami', '/api/v1.0/accounts'], caller(ctx)?.username);

  const routes: Route[] = [
    { method: 'GET', path: '/api', handler: index },
    { method: 'GET', path: '/api/', handler: index },
    { method: 'POST', path: ETNA_TOKEN_PATH, handler: token },
    { method: ['GET', 'POST'], path: '/api/whoami', handler: whoami },
    { method: 'GET', path: '/api/v1.0/accounts*', handler: whoami },
  ];

  return {
    tooManyBody: () => ({ Message: 'Too many requests' }),
    async handle(ctx) {
      const handler = matchRoute(routes, ctx.req.method ?? 'GET', ctx.url.pathname);
      if (handler === 'wrong-method') {
        return sendJson(ctx.res, 405, {
          Message: `The requested resource does not support http method '${ctx.req.method ?? ''}'.`,
        });
      }
      if (!handler) {
        return sendJson(ctx.res, 404, {
          Message: `No HTTP resource was found that matches the request URI.`,
        });
      }
      await handler(ctx);
    },
  };
}
