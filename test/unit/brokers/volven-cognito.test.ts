// Volven's MFA is AWS Cognito underneath; an API in front of it may pass Cognito's answers through
// with a 401 for a wrong code and for an expired challenge alike. Against the sandbox in that mode,
// over real HTTP: the words decide, so a typo keeps the code step and only an expired challenge
// sends the user back to sign in.
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/index.ts';
import type { BrokerProfile, LoginStep, ProtocolDeps, VolvenPending } from '../../../src/brokers/types.ts';
import { volven } from '../../../src/brokers/volven.ts';

let sb: Sandbox;
beforeAll(async () => void (sb = await startSandbox()));
afterAll(() => sb.close());
beforeEach(() => {
  sb.reset();
  sb.configure({ volvenMfaErrors: 'cognito' });
});

const deps: ProtocolDeps = { fetch, now: Date.now };
const profile = (): BrokerProfile => ({ broker: 'volven', apiBaseUrl: sb.loopbackUrls.volven });
const credentials = { username: 'trader@volven.test', password: 'volven-demo' };
const totp = () =>
  new TOTP({ secret: Secret.fromBase32(sb.totpSecret), algorithm: 'SHA1', digits: 6, period: 30 }).generate();

async function challenge(): Promise<VolvenPending> {
  const step = await volven.login(profile(), credentials, deps);
  if (step.kind !== 'challenge' || step.pending.broker !== 'volven')
    throw new Error(`no challenge: ${step.kind}`);
  return step.pending;
}

const codeOf = (step: LoginStep) => (step.kind === 'failed' ? step.error.code : step.kind);

describe('Volven with Cognito’s answers passed through', () => {
  it('a wrong code (401, CodeMismatchException) keeps the code step: the right code still signs in', async () => {
    const pending = await challenge();
    const real = totp();
    const wrong = `${(Number(real[0]) + 1) % 10}${real.slice(1)}`;
    const refused = await volven.answerChallenge(profile(), pending, wrong, deps);
    expect(codeOf(refused)).toBe('invalid-code');
    expect(refused.kind === 'failed' && refused.error.message).toContain('Invalid code received for user');
    expect(codeOf(await volven.answerChallenge(profile(), pending, real, deps))).toBe('active');
  });

  it('an expired challenge (401, NotAuthorizedException) goes back to sign-in', async () => {
    const pending = await challenge();
    expect(codeOf(await volven.answerChallenge(profile(), pending, totp(), deps))).toBe('active');
    // A challenge session answers once: the second answer meets Cognito's "session is expired".
    expect(codeOf(await volven.answerChallenge(profile(), pending, totp(), deps))).toBe('challenge-expired');
  });
});
