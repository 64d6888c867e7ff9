import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../sandbox/index.ts';
import type { Sandbox } from '../../../sandbox/index.ts';
import { testClock } from './support.ts';

let sb: Sandbox;
const clock = testClock();
let tokenUrl: string;
let api: string;

beforeAll(async () => {
  sb = await startSandbox({ now: clock.now });
  api = sb.loopbackUrls.etna;
  tokenUrl = `${api}/token`;
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => {
  sb.reset();
  sb.configure({ etnaLoginLimitPerMinute: 1000 }); // only the rate-limit test wants the real limit
});

const APP = { 'Et-App-Key': 'demo-app-key' };
const creds = (username: string, password = 'etna-demo') => ({
  ...APP,
  Username: username,
  Password: password,
});
const postToken = (headers: Record<string, string>) => fetch(tokenUrl, { method: 'POST', headers });
const whoami = (headers: Record<string, string>) => fetch(`${api}/whoami`, { headers });

async function firstStep(username: string) {
  const res = await postToken(creds(username));
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('ETNA first request', () => {
  it('a missing or wrong app key is refused first, whatever the credentials', async () => {
    for (const user of [
      { Username: 'etna-plain', Password: 'etna-demo' },
      { Username: 'nobody', Password: 'x' },
    ]) {
      for (const key of [undefined, 'wrong-key']) {
        const res = await postToken(key === undefined ? user : { ...user, 'Et-App-Key': key });
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({ error: 'Application key is not defined or does not exist' });
      }
    }
  });

  it('bad credentials: 401 BaseAuthentication', async () => {
    for (const headers of [creds('etna-plain', 'wrong'), creds('nobody'), APP]) {
      const res = await postToken(headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        State: 'Failed',
        Step: 'BaseAuthentication',
        Reason: 'Invalid credentials',
      });
    }
  });

  it('no 2FA: 200 Succeeded with a token that works with the app key only', async () => {
    const { status, body } = await firstStep('etna-plain');
    expect(status).toBe(200);
    expect(body).toEqual({ State: 'Succeeded', Token: expect.any(String) });
    const token = body.Token!;
    const ok = await whoami({ Authorization: `Bearer ${token}`, ...APP });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      broker: 'etna',
      username: 'etna-plain',
      token: `${token.slice(0, 8)}…`,
    });
    expect(
      (
        await fetch(`${api}/v1.0/accounts/1/orders`, {
          headers: { Authorization: `Bearer ${token}`, ...APP },
        })
      ).status,
    ).toBe(200);
    const incomplete: Record<string, string>[] = [
      { Authorization: `Bearer ${token}` },
      APP,
      { Authorization: `Bearer ${token}`, 'Et-App-Key': 'x' },
    ];
    for (const headers of incomplete) {
      const res = await whoami(headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ Message: 'Authorization has been denied for this request.' });
    }
  });

  it('email code: 202 Expecting and the code in the outbox', async () => {
    const { status, body } = await firstStep('etna-trader');
    expect(status).toBe(202);
    expect(body).toEqual({
      Step: 'VerificationCode',
      Reason: 'Expecting confirmation code',
      State: 'Expecting',
      Token: expect.any(String),
    });
    const [message] = sb.outbox();
    expect(message).toMatchObject({
      username: 'etna-trader',
      channel: 'email',
      to: expect.stringContaining('@'),
    });
    expect(message!.code).toMatch(/^\d{6}$/);
    expect(sb.lastCode('etna-trader')).toBe(message!.code);
  });

  it('SMS code: the same step answered with 200', async () => {
    const { status, body } = await firstStep('etna-sms');
    expect(status).toBe(200);
    expect(body).toMatchObject({ Step: 'VerificationCode', State: 'Expecting' });
    expect(sb.outbox()[0]).toMatchObject({ username: 'etna-sms', channel: 'sms' });
  });

  it('PIN user: Step "SecutityPin" (sic), no outbox message', async () => {
    const { body } = await firstStep('etna-pin');
    expect(body).toEqual({
      Step: 'SecutityPin',
      Reason: 'Expecting security PIN',
      State: 'Expecting',
      Token: expect.any(String),
    });
    expect(sb.outbox()).toEqual([]);
  });
});

describe('ETNA second request', () => {
  it('interim token + VerificationCode: Succeeded; the interim token is then spent', async () => {
    const { body } = await firstStep('etna-trader');
    const headers = {
      ...creds('etna-trader'),
      Authorization: `Bearer ${body.Token}`,
      VerificationCode: sb.lastCode('etna-trader')!,
    };
    const res = await postToken(headers);
    expect(res.status).toBe(200);
    const done = (await res.json()) as { State: string; Token: string };
    expect(done).toEqual({ State: 'Succeeded', Token: expect.any(String) });
    expect(done.Token).not.toBe(body.Token);
    expect((await whoami({ Authorization: `Bearer ${done.Token}`, ...APP })).status).toBe(200);
    const again = await postToken(headers);
    expect(await again.json()).toMatchObject({ State: 'Failed', Reason: 'Corrupted ticket' });
  });

  it('PIN answered with the PinCode header', async () => {
    const { body } = await firstStep('etna-pin');
    const auth = { ...creds('etna-pin'), Authorization: `Bearer ${body.Token}` };
    const wrong = await postToken({ ...auth, PinCode: '0000' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      State: 'Failed',
      Step: 'SecutityPin',
      Reason: 'Invalid security PIN',
    });
    const res = await postToken({ ...auth, PinCode: '2468' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ State: 'Succeeded' });
  });

  it('missing or unknown interim token: Corrupted ticket', async () => {
    await firstStep('etna-trader');
    const code = sb.lastCode('etna-trader')!;
    const tickets: Record<string, string>[] = [{}, { Authorization: 'Bearer not-a-ticket' }];
    for (const extra of tickets) {
      const res = await postToken({ ...creds('etna-trader'), VerificationCode: code, ...extra });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        State: 'Failed',
        Step: 'VerificationCode',
        Reason: 'Corrupted ticket',
      });
    }
  });

  it('a wrong code: Invalid verification code (and the right one still works)', async () => {
    const { body } = await firstStep('etna-trader');
    const code = sb.lastCode('etna-trader')!;
    const auth = { ...creds('etna-trader'), Authorization: `Bearer ${body.Token}` };
    const res = await postToken({ ...auth, VerificationCode: code === '000000' ? '111111' : '000000' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      State: 'Failed',
      Step: 'VerificationCode',
      Reason: 'Invalid verification code',
    });
    expect((await postToken({ ...auth, VerificationCode: code })).status).toBe(200);
  });

  it('an expired interim token: Verification code expired', async () => {
    sb.configure({ challengeLifetimeSec: 1 });
    const { body } = await firstStep('etna-trader');
    clock.advance(1000);
    const res = await postToken({
      ...creds('etna-trader'),
      Authorization: `Bearer ${body.Token}`,
      VerificationCode: sb.lastCode('etna-trader')!,
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      State: 'Failed',
      Step: 'VerificationCode',
      Reason: 'Verification code expired',
    });
  });
});

describe('ETNA limits and lifetime', () => {
  it('more logins than the limit in a minute: 429 with Retry-After', async () => {
    sb.configure({ etnaLoginLimitPerMinute: 2 });
    expect((await postToken(creds('etna-plain'))).status).toBe(200);
    expect((await postToken(creds('etna-plain', 'wrong'))).status).toBe(401);
    const res = await postToken(creds('etna-plain'));
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(59);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await res.json()).toEqual({ Message: 'Too many requests' });
  });

  it('a token really expires', async () => {
    sb.configure({ accessTokenLifetimeSec: 1 });
    const { body } = await firstStep('etna-plain');
    const headers = { Authorization: `Bearer ${body.Token}`, ...APP };
    clock.advance(999);
    expect((await whoami(headers)).status).toBe(200);
    clock.advance(1);
    expect((await whoami(headers)).status).toBe(401);
  });

  it('there is no refresh endpoint', async () => {
    expect((await fetch(`${api}/token/refresh`)).status).toBe(404);
  });
});
