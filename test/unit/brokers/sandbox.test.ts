// The broker protocols against the local sandbox over real HTTP (Node fetch on 127.0.0.1).
// One `describe` per section of shared/broker-protocols.md, one `it` per documented success, step
// and failure, so the list can be ticked off against the document.
import { createServer } from 'node:http';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../sandbox/index.ts';
import type { Sandbox, SandboxBroker } from '../../../sandbox/index.ts';
import { ETNA_TOKEN_LIFETIME_MS } from '../../../src/brokers/etna.ts';
import { brokers } from '../../../src/brokers/index.ts';
import type {
  BrokerErrorCode,
  BrokerProfile,
  LoginStep,
  OneTimeTokenResult,
  PendingChallenge,
  ProtocolDeps,
  RefreshResult,
  Tokens,
} from '../../../src/brokers/types.ts';

let sb: Sandbox;
/** How far the sandbox's clock runs ahead of this process's: a lifetime passes without a wait. */
let sandboxAhead = 0;
/** Every code typed in this file; with the passwords and issued tokens, what no message may hold. */
const typedCodes = new Set<string>();
const PASSWORDS = ['volven-demo', 'etna-demo', 'te-demo', 'wrong-password'];

beforeAll(async () => {
  sb = await startSandbox({ now: () => Date.now() + sandboxAhead });
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => {
  sb.reset();
  sandboxAhead = 0;
  // Only the rate-limit tests want ETNA's real limit of 10 logins a minute.
  sb.configure({ etnaLoginLimitPerMinute: 1000 });
});

const deps = (extra: Partial<ProtocolDeps> = {}): ProtocolDeps => ({ fetch, now: Date.now, ...extra });
const profile = (broker: SandboxBroker, suffix = '', appKey?: string): BrokerProfile => ({
  broker,
  apiBaseUrl: `${sb.loopbackUrls[broker]}${suffix}`,
  ...(appKey === undefined ? {} : { appKey }),
});
const etnaProfile = (suffix = '') => profile('etna', suffix, sb.etnaAppKey);

function totp(): string {
  const code = new TOTP({
    secret: Secret.fromBase32(sb.totpSecret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  }).generate();
  typedCodes.add(code);
  return code;
}

function secrets(): string[] {
  return [...PASSWORDS, ...typedCodes, ...sb.issuedTokens().map((t) => t.token)];
}

function active(result: LoginStep | RefreshResult | undefined): Tokens {
  if (result?.kind !== 'active') throw new Error(`expected active, got ${JSON.stringify(result)}`);
  return result.tokens;
}

function challenged(result: LoginStep) {
  if (result.kind !== 'challenge') throw new Error(`expected a challenge, got ${JSON.stringify(result)}`);
  return result;
}

/** Asserts a failure of `code`, and that no secret of this run is in it. */
function expectFailure(
  result: LoginStep | RefreshResult | OneTimeTokenResult | undefined,
  code: BrokerErrorCode,
) {
  expect(result).toMatchObject({ kind: 'failed', error: { code } });
  const text = JSON.stringify(result);
  for (const secret of secrets()) expect(text).not.toContain(secret);
  return (result as { error: { message: string; retryAfterMs?: number } }).error;
}

/** The token really works: the sandbox's whoami accepts the headers the protocol gives. */
async function whoami(broker: SandboxBroker, p: BrokerProfile, tokens: Tokens): Promise<number> {
  const headers = Object.fromEntries(brokers[broker].requestHeaders(p, tokens).map((h) => [h.name, h.value]));
  const res = await fetch(`${sb.loopbackUrls[broker]}/whoami`, { headers });
  await res.body?.cancel();
  return res.status;
}

/** A fetch that edits the sandbox's JSON answer: for variants the sandbox does not produce itself. */
function editing(edit: (body: Record<string, unknown>) => Record<string, unknown>): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    const body = edit((await res.json()) as Record<string, unknown>);
    return new Response(JSON.stringify(body), { status: res.status, headers });
  };
}

const jwtExpMs = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number }).exp * 1000;

describe('1. Volven / TÝR Markets', () => {
  const volven = brokers.volven;
  const nomfa = { username: 'nomfa@volven.test', password: 'volven-demo' };
  const mfa = { username: 'trader@volven.test', password: 'volven-demo' };

  it('base URL: bare origin with a port, with and without a trailing slash', async () => {
    for (const suffix of ['', '/']) {
      const p = profile('volven', suffix);
      expect(await whoami('volven', p, active(await volven.login(p, nomfa, deps())))).toBe(200);
    }
  });

  it('MFA disabled: token from the Authorization header, refreshToken and expirationTime (duration) from the body', async () => {
    const before = Date.now();
    const tokens = active(await volven.login(profile('volven'), nomfa, deps()));
    const [issued] = sb.issuedTokens({ broker: 'volven', kind: 'access' });
    const [refresh] = sb.issuedTokens({ broker: 'volven', kind: 'refresh' });
    expect(tokens.accessToken).toBe(issued?.token);
    expect(tokens.refreshToken).toBe(refresh?.token);
    // 3600 s from now, cross-checked against the JWT's exp (whole seconds, so up to 1 s earlier).
    expect(tokens.expiresAt).toBe(jwtExpMs(tokens.accessToken));
    expect(tokens.expiresAt).toBeGreaterThan(before + 3_600_000 - 1000);
    expect(tokens.expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
  });

  it('expirationTime as Unix seconds and as Unix milliseconds; a JWT exp earlier than either wins', async () => {
    const inTwoHours = Date.now() + 7_200_000;
    const asSeconds = editing((b) => ({ ...b, expirationTime: Math.floor(inTwoHours / 1000) }));
    const s = active(await volven.login(profile('volven'), nomfa, deps({ fetch: asSeconds })));
    expect(s.expiresAt).toBe(jwtExpMs(s.accessToken)); // the 1 h JWT is earlier than 2 h
    sb.configure({ accessTokenLifetimeSec: 86_400 });
    const asMs = editing((b) => ({ ...b, expirationTime: inTwoHours }));
    const ms = active(await volven.login(profile('volven'), nomfa, deps({ fetch: asMs })));
    expect(ms.expiresAt).toBe(inTwoHours); // the 24 h JWT is later: the body's time stands
  });

  it('MFA enabled: SOFTWARE_TOKEN_MFA challenge, then the four fields plus challengeAnswer', async () => {
    const step = challenged(await volven.login(profile('volven'), mfa, deps()));
    expect(step.challenge).toEqual({
      type: 'totp',
      message: 'Enter the 6-digit code from your authenticator app.',
      text: { key: 'brokerEnterTotp' },
    });
    expect(step.pending).toMatchObject({
      broker: 'volven',
      awsUsername: '9205eec4-8b36-48a4-aa6c-a73e8ce01684',
      challengeName: 'SOFTWARE_TOKEN_MFA',
      status: 'CHALLENGE_REQUIRED',
    });
    const tokens = active(await volven.answerChallenge(profile('volven'), step.pending, totp(), deps()));
    expect(await whoami('volven', profile('volven'), tokens)).toBe(200);
  });

  it('wrong TOTP code: invalid-code with the broker reason, and the challenge can still be answered', async () => {
    const { pending } = challenged(await volven.login(profile('volven'), mfa, deps()));
    const real = totp();
    const wrong = `${(Number(real[0]) + 1) % 10}${real.slice(1)}`;
    typedCodes.add(wrong);
    const error = expectFailure(
      await volven.answerChallenge(profile('volven'), pending, wrong, deps()),
      'invalid-code',
    );
    expect(error.message).toContain('Invalid code');
    active(await volven.answerChallenge(profile('volven'), pending, real, deps()));
  });

  it('challenge session gone (used, or past its lifetime): 401 → challenge-expired', async () => {
    const { pending } = challenged(await volven.login(profile('volven'), mfa, deps()));
    active(await volven.answerChallenge(profile('volven'), pending, totp(), deps()));
    expectFailure(
      await volven.answerChallenge(profile('volven'), pending, totp(), deps()),
      'challenge-expired',
    );
    sb.configure({ challengeLifetimeSec: 0.05 });
    const late = challenged(await volven.login(profile('volven'), mfa, deps()));
    sandboxAhead += 50; // the lifetime, passed on the sandbox's clock
    const error = expectFailure(
      await volven.answerChallenge(profile('volven'), late.pending, totp(), deps()),
      'challenge-expired',
    );
    expect(error.message).toContain('Sign in again');
  });

  it('a challenge older than 3 minutes is still sent; the broker’s words decide what a refusal means', async () => {
    const { pending } = challenged(await volven.login(profile('volven'), mfa, deps()));
    const later = deps({ now: () => Date.now() + 4 * 60_000 });
    typedCodes.add('000000');
    // The sandbox's challenge is still open and says "Invalid code": a typo, not an expired step.
    expectFailure(await volven.answerChallenge(profile('volven'), pending, '000000', later), 'invalid-code');
    expect(sb.requests({ broker: 'volven' })).toHaveLength(2);
  });

  it('wrong password: 401 → invalid-credentials with the broker error text', async () => {
    const error = expectFailure(
      await volven.login(profile('volven'), { ...nomfa, password: 'wrong-password' }, deps()),
      'invalid-credentials',
    );
    expect(error.message).toContain('Incorrect username or password');
  });

  it('refresh, current docs: a new Authorization header replaces the token; the refresh token is kept', async () => {
    const first = active(await volven.login(profile('volven'), nomfa, deps()));
    const next = active(await volven.refresh?.(profile('volven'), first, deps()));
    expect(next.accessToken).not.toBe(first.accessToken);
    expect(next.refreshToken).toBe(first.refreshToken);
    expect(next.expiresAt).toBe(jwtExpMs(next.accessToken)); // Unix seconds, whole
    expect(await whoami('volven', profile('volven'), next)).toBe(200);
  });

  it('refresh, seed 001: no header, the session is prolonged and the current token stays', async () => {
    sb.configure({ volvenRefreshVariant: 'prolong', accessTokenLifetimeSec: 60 });
    const first = active(await volven.login(profile('volven'), nomfa, deps()));
    sb.configure({ accessTokenLifetimeSec: 7200 });
    const next = active(await volven.refresh?.(profile('volven'), first, deps()));
    expect(next.accessToken).toBe(first.accessToken);
    const [server] = sb.issuedTokens({ broker: 'volven', kind: 'access' });
    expect(next.expiresAt).toBe(Math.floor((server?.expiresAt ?? 0) / 1000) * 1000);
    expect(next.expiresAt).toBeGreaterThan(first.expiresAt + 3_600_000);
  });

  it('refresh refused (revoked refresh token): 401 → session-expired', async () => {
    const tokens = active(await volven.login(profile('volven'), nomfa, deps()));
    sb.revokeAll('volven');
    expectFailure(await volven.refresh?.(profile('volven'), tokens, deps()), 'session-expired');
  });
});

describe('2. ETNA Trader', () => {
  const etna = brokers.etna;
  const user = (username: string, password = 'etna-demo') => ({ username, password });

  it('base URL with the /api prefix, with and without a trailing slash; no 2FA → 200 Succeeded', async () => {
    for (const suffix of ['', '/']) {
      const before = Date.now();
      const tokens = active(await etna.login(etnaProfile(suffix), user('etna-plain'), deps()));
      expect(tokens.expiresAt).toBeGreaterThanOrEqual(before + ETNA_TOKEN_LIFETIME_MS);
      expect(tokens.refreshToken).toBeUndefined();
      expect(await whoami('etna', etnaProfile(), tokens)).toBe(200);
    }
  });

  it("a profile's own session lifetime replaces the documented 24 h", async () => {
    const before = Date.now();
    const tokens = active(
      await etna.login({ ...etnaProfile(), tokenLifetimeSec: 3600 }, user('etna-plain'), deps()),
    );
    expect(tokens.expiresAt).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(tokens.expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
  });

  it('POST /token with no body (Content-Length 0); Username, Password, Et-App-Key headers', async () => {
    await etna.login(etnaProfile(), user('etna-plain'), deps());
    const [request] = sb.requests({ broker: 'etna', path: '/api/token' });
    expect(request).toMatchObject({
      method: 'POST',
      headers: {
        username: 'etna-plain',
        password: 'etna-demo',
        'et-app-key': 'demo-app-key',
        'content-length': '0',
      },
    });
    expect(request?.headers).not.toHaveProperty('content-type');
  });

  it('requestHeaders: Authorization Bearer and Et-App-Key (without the key the API says 401)', async () => {
    const tokens = active(await etna.login(etnaProfile(), user('etna-plain'), deps()));
    expect(etna.requestHeaders(etnaProfile(), tokens)).toEqual([
      { name: 'Authorization', value: `Bearer ${tokens.accessToken}` },
      { name: 'Et-App-Key', value: 'demo-app-key' },
    ]);
    const res = await fetch(`${sb.loopbackUrls.etna}/whoami`, {
      headers: { Authorization: `Bearer ${tokens.accessToken}` },
    });
    expect(res.status).toBe(401);
  });

  it('2FA, 202 Expecting VerificationCode: code challenge with the broker Reason, then the code with the interim bearer', async () => {
    const step = challenged(await etna.login(etnaProfile(), user('etna-trader'), deps()));
    expect(step.challenge).toEqual({
      type: 'code',
      message:
        'Enter the verification code the broker sent you by email or SMS. The broker said: "Expecting confirmation code"',
      text: {
        key: 'brokerWithReason',
        subs: [{ key: 'brokerEnterCodeByEmailOrSms' }, 'Expecting confirmation code'],
      },
    });
    const code = sb.lastCode('etna-trader') ?? '';
    typedCodes.add(code);
    const tokens = active(await etna.answerChallenge(etnaProfile(), step.pending, code, deps()));
    const second = sb.requests({ broker: 'etna', path: '/api/token' })[1];
    expect(second?.headers).toMatchObject({
      authorization: `Bearer ${step.pending.broker === 'etna' ? step.pending.interimToken : ''}`,
      verificationcode: code,
      password: 'etna-demo',
    });
    expect(await whoami('etna', etnaProfile(), tokens)).toBe(200);
  });

  it('2FA answered with 200 (also documented): the same challenge', async () => {
    const step = challenged(await etna.login(etnaProfile(), user('etna-sms'), deps()));
    expect(step.challenge.type).toBe('code');
    const code = sb.lastCode('etna-sms') ?? '';
    typedCodes.add(code);
    active(await etna.answerChallenge(etnaProfile(), step.pending, code, deps()));
  });

  it('PIN step "SecutityPin" (sic): pin challenge answered with the PinCode header; a wrong PIN is invalid-code', async () => {
    const step = challenged(await etna.login(etnaProfile(), user('etna-pin'), deps()));
    expect(step.challenge.type).toBe('pin');
    typedCodes.add('1357');
    expectFailure(await etna.answerChallenge(etnaProfile(), step.pending, '1357', deps()), 'invalid-code');
    active(await etna.answerChallenge(etnaProfile(), step.pending, '2468', deps()));
    expect(sb.requests({ broker: 'etna', path: '/api/token' })[2]?.headers).toMatchObject({
      pincode: '2468',
    });
  });

  it('wrong verification code: invalid-code with the broker reason', async () => {
    const { pending } = challenged(await etna.login(etnaProfile(), user('etna-trader'), deps()));
    const wrong = sb.lastCode('etna-trader') === '999999' ? '999998' : '999999';
    typedCodes.add(wrong);
    const error = expectFailure(
      await etna.answerChallenge(etnaProfile(), pending, wrong, deps()),
      'invalid-code',
    );
    expect(error.message).toContain('Invalid verification code');
  });

  it('interim token missing or wrong: "Corrupted ticket" → challenge-expired (sign in again)', async () => {
    const { pending } = challenged(await etna.login(etnaProfile(), user('etna-trader'), deps()));
    const corrupted = { ...pending, interimToken: 'not-the-ticket' } as PendingChallenge;
    const error = expectFailure(
      await etna.answerChallenge(etnaProfile(), corrupted, sb.lastCode('etna-trader') ?? '', deps()),
      'challenge-expired',
    );
    expect(error.message).toContain('Sign in again');
    expect(error.message).toContain('Corrupted ticket');
  });

  it('interim token expired → challenge-expired', async () => {
    sb.configure({ challengeLifetimeSec: 0.05 });
    const { pending } = challenged(await etna.login(etnaProfile(), user('etna-trader'), deps()));
    sandboxAhead += 50; // the lifetime, passed on the sandbox's clock
    const code = sb.lastCode('etna-trader') ?? '';
    typedCodes.add(code);
    expectFailure(await etna.answerChallenge(etnaProfile(), pending, code, deps()), 'challenge-expired');
  });

  it('bad app key: "Application key is not defined or does not exist" → app-key-rejected', async () => {
    const p = { ...etnaProfile(), appKey: 'wrong-key' };
    const error = expectFailure(await etna.login(p, user('etna-plain'), deps()), 'app-key-rejected');
    expect(error.message).toContain('Application key is not defined or does not exist');
  });

  it('missing app key: app-key-rejected without sending anything', async () => {
    expectFailure(await etna.login(profile('etna'), user('etna-plain'), deps()), 'app-key-rejected');
    expect(sb.requests({ broker: 'etna' })).toHaveLength(0);
  });

  it('bad credentials: 401 Failed BaseAuthentication → invalid-credentials', async () => {
    const error = expectFailure(
      await etna.login(etnaProfile(), user('etna-plain', 'wrong-password'), deps()),
      'invalid-credentials',
    );
    expect(error.message).toContain('Invalid credentials');
  });

  it('too many logins: 429 with Retry-After → rate-limited with retryAfterMs', async () => {
    sb.configure({ etnaLoginLimitPerMinute: 1 });
    active(await etna.login(etnaProfile(), user('etna-plain'), deps()));
    const error = expectFailure(await etna.login(etnaProfile(), user('etna-plain'), deps()), 'rate-limited');
    expect(error.retryAfterMs).toBeGreaterThan(50_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('no refresh endpoint: the protocol has no refresh at all', () => {
    expect('refresh' in etna).toBe(false);
  });
});

describe('3. TraderEvolution', () => {
  const te = brokers.traderevolution;
  const trader = { username: 'te-trader', password: 'te-demo' };

  it('base URL with a port and /proftrading/rest, with and without a trailing slash; lifetimes → epoch ms', async () => {
    sb.configure({ accessTokenLifetimeSec: 300, refreshTokenLifetimeSec: 3600 });
    for (const suffix of ['', '/']) {
      const before = Date.now();
      const tokens = active(await te.login(profile('traderevolution', suffix), trader, deps()));
      expect(tokens.expiresAt - before).toBeGreaterThanOrEqual(300_000);
      expect(tokens.expiresAt - Date.now()).toBeLessThanOrEqual(300_000);
      expect((tokens.refreshExpiresAt ?? 0) - tokens.expiresAt).toBe(3_300_000);
      expect(await whoami('traderevolution', profile('traderevolution'), tokens)).toBe(200);
    }
  });

  it('1.2.0.11 wrong login or password → invalid-credentials with the broker message', async () => {
    const error = expectFailure(
      await te.login(profile('traderevolution'), { ...trader, password: 'wrong-password' }, deps()),
      'invalid-credentials',
    );
    expect(error.message).toContain('Wrong login or password');
  });

  it('2.0.2.4 no REST API access → no-api-access', async () => {
    expectFailure(
      await te.login(profile('traderevolution'), { username: 'te-norest', password: 'te-demo' }, deps()),
      'no-api-access',
    );
  });

  it('2.147.1.27 rate limited (429 + Retry-After) → rate-limited with retryAfterMs', async () => {
    sb.injectFaults('traderevolution', { kind: '429', count: 1, retryAfterSec: 7 });
    const error = expectFailure(await te.login(profile('traderevolution'), trader, deps()), 'rate-limited');
    expect(error.retryAfterMs).toBe(7000);
  });

  it('refresh: GET /auth/token/refresh with the token header returns a new pair (rotation)', async () => {
    const first = active(await te.login(profile('traderevolution'), trader, deps()));
    const next = active(await te.refresh?.(profile('traderevolution'), first, deps()));
    expect(next.accessToken).not.toBe(first.accessToken);
    expect(next.refreshToken).not.toBe(first.refreshToken);
    const [request] = sb.requests({ broker: 'traderevolution', path: '/auth/token/refresh' });
    expect(request).toMatchObject({ method: 'GET', headers: { token: first.refreshToken } });
    expect(await whoami('traderevolution', profile('traderevolution'), next)).toBe(200);
  });

  it('refresh refused (a spent refresh token) → session-expired with the broker message', async () => {
    const first = active(await te.login(profile('traderevolution'), trader, deps()));
    active(await te.refresh?.(profile('traderevolution'), first, deps()));
    const error = expectFailure(
      await te.refresh?.(profile('traderevolution'), first, deps()),
      'session-expired',
    );
    expect(error.message).toContain('Refresh token is not valid');
  });

  it('one-time token valid: JSON object with login', async () => {
    const tokens = active(await te.login(profile('traderevolution'), trader, deps()));
    const ott = await sb.mintOneTimeToken('te-trader');
    expect(await te.verifyOneTimeToken?.(profile('traderevolution'), tokens, ott, deps())).toEqual({
      valid: true,
      login: 'te-trader',
    });
  });

  it('one-time token valid: plain string body', async () => {
    sb.configure({ teVerifyPlainString: true });
    const tokens = active(await te.login(profile('traderevolution'), trader, deps()));
    const ott = await sb.mintOneTimeToken('te-trader');
    expect(await te.verifyOneTimeToken?.(profile('traderevolution'), tokens, ott, deps())).toEqual({
      valid: true,
      login: 'te-trader',
    });
  });

  it('one-time token already used, expired or unknown → not valid, with the broker message', async () => {
    const tokens = active(await te.login(profile('traderevolution'), trader, deps()));
    const verify = (ott: string) => te.verifyOneTimeToken?.(profile('traderevolution'), tokens, ott, deps());
    const used = await sb.mintOneTimeToken('te-trader');
    await verify(used);
    expect(await verify(used)).toEqual({ valid: false, reason: 'Token is not valid: already used' });
    const expired = await sb.mintOneTimeToken('te-trader', 0.05);
    sandboxAhead += 50; // the lifetime, passed on the sandbox's clock
    expect(await verify(expired)).toEqual({ valid: false, reason: 'Token is not valid: expired' });
    expect(await verify('never-issued')).toEqual({ valid: false, reason: 'Token is not valid' });
  });

  it('one-time token with an expired access token: 401 → session-expired', async () => {
    const tokens = active(await te.login(profile('traderevolution'), trader, deps()));
    const ott = await sb.mintOneTimeToken('te-trader');
    sb.revokeAll('traderevolution');
    expectFailure(
      await te.verifyOneTimeToken?.(profile('traderevolution'), tokens, ott, deps()),
      'session-expired',
    );
  });

  it('no challenge step: answerChallenge is a typed failure', async () => {
    const pending = {
      broker: 'volven',
      awsUsername: 'a',
      session: 's',
      challengeName: 'c',
      status: 's',
      startedAt: 0,
    } as const;
    expectFailure(
      await te.answerChallenge(profile('traderevolution'), pending, '123456', deps()),
      'bad-response',
    );
  });
});

describe('What every protocol must handle', () => {
  const login = {
    volven: () =>
      brokers.volven.login(
        profile('volven'),
        { username: 'nomfa@volven.test', password: 'volven-demo' },
        deps(),
      ),
    etna: (d = deps()) =>
      brokers.etna.login(etnaProfile(), { username: 'etna-plain', password: 'etna-demo' }, d),
    traderevolution: (d = deps()) =>
      brokers.traderevolution.login(
        profile('traderevolution'),
        { username: 'te-trader', password: 'te-demo' },
        d,
      ),
  };

  it.each(['volven', 'etna', 'traderevolution'] as const)(
    '%s: 500 HTML error page → server-error',
    async (broker) => {
      sb.injectFaults(broker, { kind: '500', count: 1 });
      const error = expectFailure(await login[broker](), 'server-error');
      expect(error.message).toBe("The broker's server had a problem (HTTP 500). Try again shortly.");
    },
  );

  it.each(['volven', 'etna', 'traderevolution'] as const)(
    '%s: malformed JSON → bad-response',
    async (broker) => {
      sb.injectFaults(broker, { kind: 'malformed', count: 1 });
      const error = expectFailure(await login[broker](), 'bad-response');
      expect(error.message).toContain('not valid JSON');
    },
  );

  it.each(['volven', 'etna', 'traderevolution'] as const)(
    '%s: 429 fault → rate-limited with retryAfterMs',
    async (broker) => {
      sb.injectFaults(broker, { kind: '429', count: 1, retryAfterSec: 3 });
      expect(expectFailure(await login[broker](), 'rate-limited').retryAfterMs).toBe(3000);
    },
  );

  it('time-out: a hanging server with timeoutMs 300 → timeout', async () => {
    sb.injectFaults('etna', { kind: 'hang', count: 1 });
    const started = Date.now();
    expectFailure(await login.etna(deps({ timeoutMs: 300 })), 'timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('dropped connection → network, naming the origin', async () => {
    sb.injectFaults('traderevolution', { kind: 'drop', count: 1 });
    const error = expectFailure(await login.traderevolution(), 'network');
    expect(error.message).toContain(`http://127.0.0.1:${sb.ports.traderevolution}`);
  });

  it('connection refused → network', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const p: BrokerProfile = {
      broker: 'traderevolution',
      apiBaseUrl: `http://127.0.0.1:${port}/proftrading/rest`,
    };
    expectFailure(
      await brokers.traderevolution.login(p, { username: 'te-trader', password: 'te-demo' }, deps()),
      'network',
    );
  });

  it('refresh and verify under faults: 500, malformed, time-out, drop', async () => {
    const tokens = active(await login.traderevolution());
    const te = brokers.traderevolution;
    const p = profile('traderevolution');
    sb.injectFaults('traderevolution', { kind: '500', count: 1 });
    expectFailure(await te.refresh?.(p, tokens, deps()), 'server-error');
    sb.injectFaults('traderevolution', { kind: 'malformed', count: 1 });
    expectFailure(await te.verifyOneTimeToken?.(p, tokens, 'ott', deps()), 'bad-response');
    sb.injectFaults('traderevolution', { kind: 'hang', count: 1 });
    expectFailure(await te.verifyOneTimeToken?.(p, tokens, 'ott', deps({ timeoutMs: 300 })), 'timeout');
    sb.injectFaults('volven', { kind: 'drop', count: 1 });
    const volvenTokens = { accessToken: 'a', expiresAt: 0, refreshToken: 'r' };
    expectFailure(await brokers.volven.refresh?.(profile('volven'), volvenTokens, deps()), 'network');
  });
});
