/**
 * ETNA's password waits in storage.session while a code step is open, and no longer than five
 * minutes from the FIRST code step: a second step (a PIN after the code) does not extend it.
 * The broker's answer to the code is turned into a second challenge on its way back, the way a
 * deployment with two factors answers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runAlarm } from '../../../../src/background/alarms/run.ts';
import { answerCode, CHALLENGE_TTL_MS, signIn } from '../../../../src/background/sessions/sign-in.ts';
import { addProfile, DEMO, storedSession, useSandbox } from '../support/worker-fixtures.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../support/worker-browser.ts'));

const sandbox = useSandbox();
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** The next answer to a code step asks for a PIN as well (ETNA's "SecutityPin" step). */
function askForPinAfterTheCode(): void {
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const response = await realFetch(input, init);
    const headers = new Headers(init?.headers);
    if (!headers.has('VerificationCode')) return response;
    const body = {
      Step: 'SecutityPin',
      Reason: 'Expecting security PIN',
      State: 'Expecting',
      Token: 'second-interim',
    };
    return new Response(JSON.stringify(body), {
      status: 202,
      headers: { 'content-type': 'application/json' },
    });
  });
}

describe('ETNA code steps', () => {
  it('hold the password five minutes from the first step in total, then drop it', async () => {
    const profile = await addProfile(sandbox(), 'etna');
    const started = Date.now();
    await signIn(profile.id, DEMO.etna.username, DEMO.etna.password);
    const first = await storedSession(profile.id);
    expect(first?.state).toBe('code-required');
    expect(first!.challengeExpiresAt!).toBeLessThanOrEqual(started + CHALLENGE_TTL_MS + 1_000);

    askForPinAfterTheCode();
    await answerCode(profile.id, sandbox().lastCode(DEMO.etna.username)!);
    const second = await storedSession(profile.id);
    expect(second?.state).toBe('code-required');
    expect(second?.challenge?.type).toBe('pin');
    expect(second?.challengeExpiresAt).toBe(first?.challengeExpiresAt);
    expect(JSON.stringify(second)).toContain(DEMO.etna.password);

    vi.useFakeTimers({ now: first!.challengeExpiresAt! + 1, toFake: ['Date'] });
    await runAlarm(`challenge:${profile.id}`);
    const expired = await storedSession(profile.id);
    expect(expired?.state).toBe('error');
    expect(JSON.stringify(expired)).not.toContain(DEMO.etna.password);
  });
});
