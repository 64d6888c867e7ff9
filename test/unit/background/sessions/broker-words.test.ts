/**
 * The worker shows the protocols' sentences in the user's language, not the English they carry
 * for Node: a pseudo-translation (every message of the real catalogue in ‹ ›) shows where each
 * word came from. Against the real sandbox, through the functions the message router calls.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reasonInWords } from '../../../../src/background/sessions/broker-words.ts';
import { verifyOneTimeToken } from '../../../../src/background/sessions/one-time-token.ts';
import { refreshSession } from '../../../../src/background/refresh/refresher.ts';
import { answerCode, signIn } from '../../../../src/background/sessions/sign-in.ts';
import { notValid, brokerText } from '../../../../src/brokers/messages.ts';
import { getMessage } from '../../support/english.ts';
import { browser, notifications } from '../support/worker-browser.ts';
import { addProfile, DEMO, storedSession, useSandbox } from '../support/worker-fixtures.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../support/worker-browser.ts'));

const sandbox = useSandbox();

beforeEach(() => {
  vi.spyOn(browser.i18n, 'getMessage').mockImplementation(
    (key, subs) => `‹${getMessage(key, typeof subs === 'string' ? subs : subs?.map(String))}›`,
  );
});
afterEach(() => vi.restoreAllMocks());

async function activeTraderEvolution() {
  const profile = await addProfile(sandbox(), 'traderevolution');
  await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
  return profile;
}

describe('broker sentences in the worker', () => {
  it('the code prompt and a refused code are stored and shown translated, as plain data', async () => {
    const profile = await addProfile(sandbox(), 'volven');
    const started = await signIn(profile.id, DEMO.volven.username, DEMO.volven.password);
    const prompt = { type: 'totp', message: '‹Enter the 6-digit code from your authenticator app.›' };
    expect(started).toMatchObject({ ok: true, value: { challenge: prompt } });
    expect((await storedSession(profile.id))?.challenge).toEqual(prompt);

    await answerCode(profile.id, '000000');
    const { error } = (await storedSession(profile.id))!;
    expect(error).toEqual({
      code: 'invalid-code',
      message: expect.stringMatching(
        /^‹‹The broker did not accept the code\. Try the current one\.› The broker said: ".+"›$/,
      ),
    });
  });

  it('a refused sign-in says the broker’s reason inside the translated sentence', async () => {
    const profile = await addProfile(sandbox(), 'traderevolution');
    const refused = await signIn(profile.id, DEMO.traderevolution.username, 'wrong');
    expect(refused).toMatchObject({
      ok: true,
      value: {
        state: 'error',
        error: {
          code: 'invalid-credentials',
          message: expect.stringMatching(
            /^‹‹The broker did not accept the login or password\.› The broker said: ".+"›$/,
          ),
        },
      },
    });
  });

  it('a refused refresh ends the session with the translated reason inside the worker’s sentence', async () => {
    const profile = await activeTraderEvolution();
    const stolen = (await storedSession(profile.id))!.tokens!.refreshToken!;
    await fetch(`${sandbox().loopbackUrls.traderevolution}/auth/token/refresh`, {
      headers: { token: stolen },
    });
    await refreshSession(profile.id);
    const { state, error } = (await storedSession(profile.id))!;
    expect(state).toBe('expired');
    expect(error?.message).toMatch(
      /^‹The broker refused to renew the session \(‹‹The broker ended the session\. Sign in again\.› The broker said: ".+"›\)\. Sign in again\.›$/,
    );
    expect(notifications.at(-1)?.message).toBe(error?.message);
  });

  it('a transient refresh failure is shown translated while the retry waits', async () => {
    const profile = await activeTraderEvolution();
    sandbox().injectFaults('traderevolution', { kind: '500', count: 1, path: '/auth/token/refresh' });
    await refreshSession(profile.id);
    expect((await storedSession(profile.id))?.error).toEqual({
      code: 'server-error',
      message:
        "‹Renewing the session failed; retrying. ‹The broker's server had a problem (HTTP 500). Try again shortly.››",
    });
  });

  it('a one-time token check that fails is answered translated', async () => {
    const profile = await activeTraderEvolution();
    sandbox().injectFaults('traderevolution', { kind: '500', count: 1, path: '/external/token/verify' });
    expect(await verifyOneTimeToken(profile.id, 'any-token')).toEqual({
      ok: false,
      error: {
        code: 'server-error',
        message: "‹The broker's server had a problem (HTTP 500). Try again shortly.›",
      },
    });
  });

  it('a not-valid reason of ours is translated, the broker’s own words are passed on as they came', () => {
    expect(reasonInWords(notValid(brokerText('brokerOneTimeTokenNotValidStatus', 400)))).toBe(
      '‹The one-time token is not valid (HTTP 400).›',
    );
    expect(reasonInWords({ reason: 'Token is not valid: already used' })).toBe(
      'Token is not valid: already used',
    );
  });
});
