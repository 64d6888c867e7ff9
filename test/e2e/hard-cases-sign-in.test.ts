/**
 * When the broker misbehaves at sign-in or at the code step (500, malformed JSON, a dropped
 * connection, 429 with Retry-After, a hang past the time-out), the popup says so in plain words,
 * nothing that could be kept is lost (the code step stays open), a second try works, and no
 * secret ever shows up in a message or a log. The worker may also be stopped mid-request.
 */
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultKind } from '../../sandbox/index.ts';
import { addProfile, enterCode, profileCard, signIn, totpCode, waitForState } from './flows.ts';
import { launchHarness, type Harness } from './harness.ts';

const USER = 'trader@volven.test';
const PASSWORD = 'volven-demo';
const LOGIN_PATH = '/auth/login';

/** Redirects have their own promise: test/e2e/adversarial/auth-requests-never-follow-redirects.test.ts. */
type Glitch = Exclude<FaultKind, 'hang' | 'redirect'>;

/**
 * Chromium silently retries a request once when a reused keep-alive connection closes without
 * an answer (it takes that for a stale socket), so a dropped connection is only seen after two.
 */
const FAULTS_TO_SEE: Record<Glitch, number> = {
  '500': 1,
  malformed: 1,
  drop: 2,
  '429': 1,
};

/** What the user reads for each fault: plain words, never a raw status dump. */
const EXPECTED: Record<Glitch, RegExp> = {
  '500': /server had a problem/i,
  malformed: /not valid JSON|could not be read|not in the expected format/i,
  drop: /Could not reach/i,
  '429': /Too many attempts/i,
};

let harness: Harness;
beforeAll(async () => {
  harness = await launchHarness({ sandbox: { config: { hangMs: 60_000 } } });
});
afterAll(async () => {
  const secrets = [PASSWORD, ...harness.sandbox.issuedTokens().map((token) => token.token)];
  for (const line of harness.consoleLines) for (const secret of secrets) expect(line).not.toContain(secret);
  await harness?.close();
});

async function newVolvenCard(name: string): Promise<Locator> {
  await addProfile(harness, {
    name,
    brokerLabel: 'Volven / TÝR Markets',
    apiBaseUrl: harness.sandbox.urls.volven,
  });
  const popup = await harness.openPage('popup');
  return profileCard(popup, name);
}

async function alertText(card: Locator): Promise<string> {
  const alert = card.getByRole('alert');
  await alert.waitFor();
  const text = (await alert.textContent()) ?? '';
  expect(text).not.toContain(PASSWORD);
  return text;
}

/**
 * A sign-in that hangs only ends at the 15 s time-out. It is sent first and checked after the
 * other faults, so that wait runs while they are tried; nothing before its check stops the worker.
 */
let hangingCard: Locator;

describe('a broker that hangs at sign-in', () => {
  it('at sign-in: the request is sent and gets no answer', async () => {
    hangingCard = await newVolvenCard('Sign-in hang');
    const logins = () => harness.sandbox.requests({ broker: 'volven', path: LOGIN_PATH }).length;
    const before = logins();
    harness.sandbox.injectFaults('volven', { kind: 'hang', count: 1, path: LOGIN_PATH });
    await signIn(hangingCard, USER, PASSWORD);
    // Taken by this sign-in, so the faults injected next meet only their own requests.
    await expect.poll(logins).toBeGreaterThan(before);
    await waitForState(hangingCard, 'signing-in');
  });
});

describe.each(Object.entries(EXPECTED))('a %s from the broker', (kind, expected) => {
  it('at sign-in: a clear error, then a second try works', async () => {
    const card = await newVolvenCard(`Sign-in ${kind}`);
    const count = FAULTS_TO_SEE[kind as keyof typeof FAULTS_TO_SEE];
    harness.sandbox.injectFaults('volven', {
      kind: kind as FaultKind,
      count,
      path: LOGIN_PATH,
      retryAfterSec: 3,
    });
    await signIn(card, USER, PASSWORD);
    await waitForState(card, 'error');
    expect(await alertText(card)).toMatch(expected);
    harness.sandbox.clearFaults();
    await signIn(card, USER, PASSWORD);
    await waitForState(card, 'code-required');
  });

  it('at the code step: the step stays open with a clear error, then the code is accepted', async () => {
    const card = await newVolvenCard(`Code ${kind}`);
    await signIn(card, USER, PASSWORD);
    await waitForState(card, 'code-required');
    const count = FAULTS_TO_SEE[kind as keyof typeof FAULTS_TO_SEE];
    harness.sandbox.injectFaults('volven', { kind: kind as FaultKind, count, path: LOGIN_PATH });
    await enterCode(card, totpCode(harness.sandbox.totpSecret));
    expect(await alertText(card)).toMatch(expected);
    await waitForState(card, 'code-required');
    harness.sandbox.clearFaults();
    await enterCode(card, totpCode(harness.sandbox.totpSecret));
    await waitForState(card, 'live');
  });
});

describe('a broker that hangs', () => {
  it('at sign-in: the request times out with a clear error', async () => {
    const card = hangingCard;
    await card.page().bringToFront();
    await waitForState(card, 'error', { timeout: 25_000 });
    expect(await alertText(card)).toMatch(/did not answer within 15 s/);
  });

  it('at sign-in, with the worker stopped meanwhile: the popup offers to sign in again', async () => {
    const card = await newVolvenCard('Sign-in hang, worker stopped');
    harness.sandbox.injectFaults('volven', { kind: 'hang', count: 1, path: LOGIN_PATH });
    await signIn(card, USER, PASSWORD);
    await waitForState(card, 'signing-in');
    await harness.stopWorker();
    const popup = await harness.openPage('popup');
    const reopened = profileCard(popup, 'Sign-in hang, worker stopped');
    await waitForState(reopened, 'error');
    expect(await alertText(reopened)).toMatch(/interrupted/);
    await signIn(reopened, USER, PASSWORD);
    await waitForState(reopened, 'code-required');
  });

  it('at the code step, with the worker stopped meanwhile: the code step is still there', async () => {
    const card = await newVolvenCard('Code hang, worker stopped');
    await signIn(card, USER, PASSWORD);
    await waitForState(card, 'code-required');
    harness.sandbox.clearRequests();
    harness.sandbox.injectFaults('volven', { kind: 'hang', count: 1, path: LOGIN_PATH });
    await enterCode(card, totpCode(harness.sandbox.totpSecret));
    await expect.poll(() => harness.sandbox.requests({ path: LOGIN_PATH }).length).toBeGreaterThan(0);
    await harness.stopWorker();
    const popup = await harness.openPage('popup');
    const reopened = profileCard(popup, 'Code hang, worker stopped');
    await waitForState(reopened, 'code-required');
    await enterCode(reopened, totpCode(harness.sandbox.totpSecret));
    await waitForState(reopened, 'live');
  });
});
