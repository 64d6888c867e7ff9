/**
 * The storage registry: a value is checked against its declared shape on the way in; one of an
 * older shape is migrated or dropped, never cast; and a session is stored so that what pages read
 * holds no secret.
 */
import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toView } from '../../../src/shared/sessions/view.ts';
import { answerCode, signIn } from '../../../src/background/sessions/sign-in.ts';
import { readSessions } from '../../../src/background/sessions/store.ts';
import { localItems, profileItems, sessionItems } from '../../../src/shared/storage-items.ts';
import { decodeItem, readItem, storageItem, writeItem } from '../../../src/shared/storage.ts';
import { browser } from '../background/support/worker-browser.ts';
import { addProfile, DEMO, totp, useSandbox } from '../background/support/worker-fixtures.ts';

vi.mock('../../../src/shared/browser.ts', () => import('../background/support/worker-browser.ts'));

afterEach(() => vi.restoreAllMocks());

describe('a stored value', () => {
  const counter = storageItem('counter', 'local', v.object({ count: v.number() }), () => ({ count: 0 }), {
    version: 2,
    // Version 1 stored the bare number.
    migrate: (value, version) => (version === 1 && typeof value === 'number' ? { count: value } : value),
  });

  it('is written with its version and read back as it was', async () => {
    await writeItem(counter, { count: 3 });
    expect((await browser.storage.local.get('counter')).counter).toEqual({
      storageVersion: 2,
      value: { count: 3 },
    });
    expect(await readItem(counter)).toEqual({ count: 3 });
  });

  it('of an older version is migrated', () => {
    expect(decodeItem(counter, { storageVersion: 1, value: 7 })).toEqual({ count: 7 });
  });

  it('of another shape is dropped for the default, and the warning names the key, never the value', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(decodeItem(counter, { storageVersion: 2, value: { count: 'secret-looking' } })).toEqual({
      count: 0,
    });
    expect(decodeItem(counter, { storageVersion: 1, value: 'secret-looking' })).toEqual({ count: 0 });
    expect(warn).toHaveBeenCalledTimes(2);
    expect(JSON.stringify(warn.mock.calls)).toContain('counter');
    expect(JSON.stringify(warn.mock.calls)).not.toContain('secret-looking');
  });

  it('of a newer version (the extension was downgraded) is not guessed at', () => {
    expect(decodeItem(counter, { storageVersion: 3, value: { count: 9 } })).toEqual({ count: 0 });
  });

  it('written before versions were kept (version 0) is kept only if it has today’s shape', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(decodeItem(localItems.settings, { clipboardClearSec: 30 })).toEqual({ clipboardClearSec: 30 });
    expect(decodeItem(localItems.settings, { clipboardClearSec: -1 })).toEqual({ clipboardClearSec: 60 });
    expect(decodeItem(profileItems.username.of('p'), 'ada')).toBe('ada');
    expect(decodeItem(profileItems.username.of('p'), 42)).toBeUndefined();
  });

  it('keeps the valid profiles of a list that holds a broken one', () => {
    const good = {
      id: 'p1',
      name: 'Desk',
      broker: 'volven',
      apiBaseUrl: 'https://api.volven.test',
      webAppOrigins: [],
      staySignedIn: false,
      refreshMarginSec: 300,
    };
    expect(decodeItem(localItems.profiles, [good, { id: 'p2', broker: 'elsewhere' }, 'text'])).toEqual([
      good,
    ]);
  });
});

describe('a session in storage', () => {
  const sandbox = useSandbox();

  const secretsIn = (text: string, secrets: string[]) => secrets.filter((secret) => text.includes(secret));

  it('Volven, active: the part pages read holds no token; the worker reads them back whole', async () => {
    const profile = await addProfile(sandbox(), 'volven');
    await signIn(profile.id, DEMO.volven.username, DEMO.volven.password);
    await answerCode(profile.id, totp(sandbox()));
    const session = (await readSessions())[profile.id]!;
    expect(session.state).toBe('active');
    if (session.state !== 'active') return;
    const secrets = [session.tokens.accessToken, session.tokens.refreshToken!];
    const visible = JSON.stringify((await browser.storage.session.get('sessions')).sessions);
    expect(secretsIn(visible, secrets)).toEqual([]);
    expect(
      secretsIn(
        JSON.stringify((await browser.storage.session.get('sessionSecrets')).sessionSecrets),
        secrets,
      ),
    ).toEqual(secrets);
    // What the details view needs of the token was worked out beforehand.
    expect((await readItem(sessionItems.sessions))[profile.id]).toMatchObject({
      refreshable: true,
      jwt: { claims: {} },
    });
  });

  it('ETNA, waiting for its code: the password it holds is only in the secrets', async () => {
    const profile = await addProfile(sandbox(), 'etna');
    await signIn(profile.id, DEMO.etna.username, DEMO.etna.password);
    expect((await readSessions())[profile.id]?.state).toBe('code-required');
    const visible = JSON.stringify((await browser.storage.session.get('sessions')).sessions);
    expect(visible).not.toContain(DEMO.etna.password);
    expect(JSON.stringify((await browser.storage.session.get('sessionSecrets')).sessionSecrets)).toContain(
      DEMO.etna.password,
    );
  });

  it('a live record without its secrets is no session (never live without a token)', async () => {
    const profile = await addProfile(sandbox(), 'traderevolution');
    await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
    await browser.storage.session.remove('sessionSecrets');
    expect((await readSessions())[profile.id]).toBeUndefined();
  });

  it('written with its secrets inline (before they were kept apart) is still read whole, and shown without them', async () => {
    const now = Date.now();
    const record = {
      profileId: 'p1',
      state: 'active' as const,
      sessionId: 's1',
      updatedAt: now,
      tokensIssuedAt: now,
      tokens: { accessToken: 'inline-access', refreshToken: 'inline-refresh', expiresAt: now + 60_000 },
    };
    await browser.storage.session.set({ sessions: { p1: record } });
    expect((await readSessions()).p1).toMatchObject({ tokens: { accessToken: 'inline-access' } });
    // What the popup makes of it (shared/session-views.ts): the view copies public fields only.
    const profile = {
      id: 'p1',
      name: 'Desk',
      broker: 'traderevolution' as const,
      apiBaseUrl: 'https://api.te.test/proftrading/rest',
      webAppOrigins: [],
      staySignedIn: false,
      refreshMarginSec: 300,
    };
    const view = toView(profile, (await readItem(sessionItems.sessions)).p1, { refusedPasswords: 0 });
    expect(view.state).toBe('active');
    const shown = JSON.stringify(view);
    expect(shown).not.toContain('inline-access');
    expect(shown).not.toContain('inline-refresh');
  });
});
