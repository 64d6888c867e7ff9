/**
 * The worker's session state machine against the real sandbox: each state reached through the
 * same functions the message router calls, checked by what storage, the header rules and the
 * alarms hold afterwards.
 */
import { describe, expect, it, vi } from 'vitest';
import { runAlarm } from '../../../../src/background/alarms/run.ts';
import {
  answerCode,
  CHALLENGE_TTL_MS,
  endSession,
  signIn,
} from '../../../../src/background/sessions/sign-in.ts';
import { sessionItems } from '../../../../src/shared/storage-items.ts';
import { decodeItem } from '../../../../src/shared/storage.ts';
import { browser, notifications, sessionRules } from '../support/worker-browser.ts';
import {
  addProfile,
  alarmNames,
  attachedTokens,
  DEMO,
  latestAccess,
  storedSession,
  totp,
  useSandbox,
} from '../support/worker-fixtures.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../support/worker-browser.ts'));

const sandbox = useSandbox();

describe('session states in the worker', () => {
  it('Volven: signed out → code required → active, with its token in the rules and its alarms set', async () => {
    const profile = await addProfile(sandbox(), 'volven');
    expect(await storedSession(profile.id)).toBeUndefined();

    const started = await signIn(profile.id, DEMO.volven.username, DEMO.volven.password);
    expect(started).toMatchObject({ ok: true, value: { state: 'code-required' } });
    expect((await storedSession(profile.id))?.state).toBe('code-required');
    expect(attachedTokens()).toEqual([]);
    expect(await alarmNames()).toEqual([`challenge:${profile.id}`]);

    const answered = await answerCode(profile.id, totp(sandbox()));
    expect(answered).toMatchObject({ ok: true, value: { state: 'active' } });
    const token = latestAccess(sandbox(), 'volven');
    expect((await storedSession(profile.id))?.tokens?.accessToken).toBe(token);
    expect(attachedTokens()).toEqual([`Bearer ${token}`, `Bearer ${token}`]);
    expect(await alarmNames()).toEqual([`expire:${profile.id}`, `refresh:${profile.id}`]);
  });

  it('ETNA: the password waits only while the code is pending, and the app key rides along', async () => {
    const profile = await addProfile(sandbox(), 'etna');
    await signIn(profile.id, DEMO.etna.username, DEMO.etna.password);
    const pending = await storedSession(profile.id);
    expect(pending?.state).toBe('code-required');
    expect(JSON.stringify(pending)).toContain(DEMO.etna.password);

    await answerCode(profile.id, sandbox().lastCode(DEMO.etna.username)!);
    const active = await storedSession(profile.id);
    expect(active?.state).toBe('active');
    expect(JSON.stringify(active)).not.toContain(DEMO.etna.password);
    const appKeys = [...sessionRules.rules.values()].flatMap(
      (rule) => rule.action.requestHeaders?.filter((header) => header.header === 'Et-App-Key') ?? [],
    );
    expect(appKeys.map((header) => header.value)).toEqual(['demo-app-key', 'demo-app-key']);
    // No refresh for ETNA: a warning before the end instead.
    expect(await alarmNames()).toEqual([`expire:${profile.id}`, `warn:${profile.id}`]);
    // The time left in the language's own units (Intl), not a pattern of the catalogue (run at
    // once here: the sandbox's ETNA session lasts 24 hours).
    await runAlarm(`warn:${profile.id}`);
    expect(notifications.at(-1)?.message).toBe(
      'This broker has no refresh: the session ends in about 24 hr, 0 min. Sign in again to continue.',
    );
  });

  it('a wrong code keeps the code step, with the broker’s reason', async () => {
    const profile = await addProfile(sandbox(), 'volven');
    await signIn(profile.id, DEMO.volven.username, DEMO.volven.password);
    const refused = await answerCode(profile.id, '000000');
    expect(refused).toMatchObject({
      ok: true,
      value: { state: 'code-required', error: { code: 'invalid-code' } },
    });
    expect((await storedSession(profile.id))?.state).toBe('code-required');
  });

  it('cancel during the code step forgets everything, the ETNA password first', async () => {
    const profile = await addProfile(sandbox(), 'etna');
    await signIn(profile.id, DEMO.etna.username, DEMO.etna.password);
    expect(await endSession(profile.id)).toMatchObject({ ok: true, value: { state: 'signed-out' } });
    expect(await storedSession(profile.id)).toBeUndefined();
    expect(await alarmNames()).toEqual([]);
  });

  it('cancel while the sign-in request is out: its answer is dropped, nothing becomes active', async () => {
    const profile = await addProfile(sandbox(), 'traderevolution');
    // Cancel the moment the worker records "signing in", while its request is on the way.
    let cancelled: Promise<unknown> | undefined;
    browser.storage.session.onChanged.addListener((changes) => {
      if (!changes.sessions) return;
      const sessions = decodeItem(sessionItems.sessions, changes.sessions.newValue);
      if (!cancelled && sessions[profile.id]?.state === 'signing-in') cancelled = endSession(profile.id);
    });
    const inFlight = signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
    await inFlight;
    await cancelled;
    expect(cancelled).toBeDefined();
    expect(await storedSession(profile.id)).toBeUndefined();
    expect(attachedTokens()).toEqual([]);
    expect(await alarmNames()).toEqual([]);
  });

  it('a code step left too long becomes an error, and sign-out from there clears it', async () => {
    const profile = await addProfile(sandbox(), 'etna');
    await signIn(profile.id, DEMO.etna.username, DEMO.etna.password);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + CHALLENGE_TTL_MS + 1 });
    try {
      await runAlarm(`challenge:${profile.id}`);
      const failed = await storedSession(profile.id);
      expect(failed).toMatchObject({ state: 'error', error: { code: 'challenge-expired' } });
      expect(JSON.stringify(failed)).not.toContain(DEMO.etna.password);
      await endSession(profile.id);
      expect(await storedSession(profile.id)).toBeUndefined();
      expect(await alarmNames()).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sign-out from active removes the rules and the alarms', async () => {
    const profile = await addProfile(sandbox(), 'traderevolution');
    expect(
      await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password),
    ).toMatchObject({
      ok: true,
      value: { state: 'active' },
    });
    expect(attachedTokens()).toHaveLength(2);
    await endSession(profile.id);
    expect(attachedTokens()).toEqual([]);
    expect(await alarmNames()).toEqual([]);
    expect(await storedSession(profile.id)).toBeUndefined();
  });

  it('keeps several brokers active at once, each with its own token', async () => {
    const volven = await addProfile(sandbox(), 'volven');
    const te = await addProfile(sandbox(), 'traderevolution');
    await signIn(volven.id, DEMO.volven.username, DEMO.volven.password);
    await answerCode(volven.id, totp(sandbox()));
    await signIn(te.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
    expect((await storedSession(volven.id))?.state).toBe('active');
    expect((await storedSession(te.id))?.state).toBe('active');
    expect(new Set(attachedTokens())).toEqual(
      new Set([
        `Bearer ${latestAccess(sandbox(), 'volven')}`,
        `Bearer ${latestAccess(sandbox(), 'traderevolution')}`,
      ]),
    );

    // Signing one out leaves the other in force.
    await endSession(volven.id);
    expect((await storedSession(te.id))?.state).toBe('active');
    expect(new Set(attachedTokens())).toEqual(
      new Set([`Bearer ${latestAccess(sandbox(), 'traderevolution')}`]),
    );
    expect(await alarmNames()).toEqual([`expire:${te.id}`, `refresh:${te.id}`]);
  });
});
