/**
 * The administrator's policy never delays a page: the worker keeps the last policy it read and
 * serves from it, while what the policy could forbid waits for the browser's answer.
 * (storage.managed.get takes ≈ 3 s at its first call after a browser start.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { routeMessage } from '../../../../src/background/message-router.ts';
import { saveProfile } from '../../../../src/background/profiles/edit.ts';
import { readSettings } from '../../../../src/background/profiles/settings-store.ts';
import { readProfiles, writeProfile } from '../../../../src/background/profiles/store.ts';
import { restorePersistedSessions } from '../../../../src/background/sessions/restore.ts';
import { wakeUp } from '../../../../src/background/wake-up.ts';
import type { ProfileDraft } from '../../../../src/shared/profile.ts';
import { localItems } from '../../../../src/shared/storage-items.ts';
import { readItem } from '../../../../src/shared/storage.ts';
import { english } from '../../support/english.ts';
import { browser, resetWorkerBrowser } from '../support/worker-browser.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../support/worker-browser.ts'));

const managedDesk = (name: string) => ({
  name,
  broker: 'volven' as const,
  apiBaseUrl: 'https://api.volven.example',
  staySignedIn: true,
});

const ownDraft: ProfileDraft = {
  name: 'My TraderEvolution',
  broker: 'traderevolution',
  apiBaseUrl: 'https://bo.example/proftrading/rest',
  webAppOrigins: [],
  staySignedIn: true,
  refreshMarginSec: 300,
};

const popup = { id: browser.runtime.id, url: browser.runtime.getURL('src/popup/index.html') };
const request = (type: string) => routeMessage({ channel: 'broker-sessions', type }, popup);

/** The browser's policy read from now on: an answer we control, as slow as we like. */
function managedAnswers(): { answer(policy: Record<string, unknown>): void } {
  let answer: (policy: Record<string, unknown>) => void = () => undefined;
  const pending = new Promise<Record<string, unknown>>((resolve) => (answer = resolve));
  vi.spyOn(browser.storage.managed, 'get').mockImplementation(() => pending as never);
  return { answer };
}

const names = async () => (await readProfiles()).map((profile) => profile.name);
const kept = () => readItem(localItems.managedPolicy);

describe('the policy as last read', () => {
  beforeEach(resetWorkerBrowser);
  afterEach(() => vi.restoreAllMocks());

  it('on a first install, waits for the browser once and keeps what it read', async () => {
    await browser.storage.managed.set({ profiles: [managedDesk('Desk Volven')] });
    expect(await names()).toEqual(['Desk Volven']);
    expect(await kept()).toMatchObject({ profiles: [{ name: 'Desk Volven', managed: true }] });
  });

  it('a browser that never answers does not hold up the pages', async () => {
    await browser.storage.managed.set({ profiles: [managedDesk('Desk Volven')], clipboardClearSec: 15 });
    await writeProfile({ ...ownDraft, staySignedIn: false });
    await wakeUp();
    managedAnswers(); // never answers, like the first read after a browser start, only longer

    const listed = await request('listSessions');
    expect(listed).toMatchObject({ ok: true, value: [{ name: 'Desk Volven' }, { name: ownDraft.name }] });
    expect(await request('listProfiles')).toMatchObject({ ok: true, value: [{}, {}] });
    expect(await request('getPolicy')).toMatchObject({ ok: true, value: { clipboardClearSec: 15 } });
    expect((await readSettings()).clipboardClearSec).toBe(15);
  });

  it('a new policy reaches the copy at the next wake-up and takes effect', async () => {
    const own = await writeProfile(ownDraft);
    await browser.storage.local.set({ [`staySignedIn:${own.id}`]: { refreshToken: 'on-disk' } });
    await browser.storage.managed.set({ profiles: [managedDesk('Desk Volven')] });
    await wakeUp();
    expect(await names()).toEqual(['Desk Volven', ownDraft.name]);

    // The administrator swaps the desk and forbids keeping sessions on disk.
    await browser.storage.managed.set({ profiles: [managedDesk('Desk Two')], forbidStaySignedIn: true });
    await wakeUp();
    expect(await kept()).toMatchObject({ forbidStaySignedIn: true, profiles: [{ name: 'Desk Two' }] });
    expect(await names()).toEqual(['Desk Two', ownDraft.name]);
    expect((await readProfiles()).every((profile) => !profile.staySignedIn)).toBe(true);
    expect(await browser.storage.local.get(`staySignedIn:${own.id}`)).toEqual({});
  });
});

describe('what the policy could forbid waits for the browser', () => {
  beforeEach(resetWorkerBrowser);
  afterEach(() => vi.restoreAllMocks());

  beforeEach(async () => {
    // The copy kept from the last browser session allows everything.
    await browser.storage.managed.set({});
    await wakeUp();
  });

  it('restoring a session kept on disk', async () => {
    const own = await writeProfile(ownDraft);
    await browser.storage.local.set({ [`staySignedIn:${own.id}`]: { refreshToken: 'on-disk' } });
    const browserPolicy = managedAnswers();

    const restoring = restorePersistedSessions();
    let settled = false;
    void restoring.then(() => (settled = true));
    await new Promise((done) => setTimeout(done, 20));
    expect(settled).toBe(false);

    browserPolicy.answer({ forbidStaySignedIn: true });
    expect(await restoring).toEqual([]);
    expect(await browser.storage.local.get(`staySignedIn:${own.id}`)).toEqual({});
    expect(await browser.storage.session.get('sessions')).toEqual({});
  });

  it('saving a profile with "Stay signed in", and editing profiles at all', async () => {
    const own = await writeProfile({ ...ownDraft, staySignedIn: false });
    managedAnswers().answer({ forbidStaySignedIn: true });
    const saved = await saveProfile({ ...ownDraft, id: own.id });
    const refusal = saved.ok && 'invalid' in saved.value ? saved.value.invalid.staySignedIn : undefined;
    expect(english(refusal)).toBe('Your organization does not allow keeping sessions on disk.');

    vi.restoreAllMocks();
    managedAnswers().answer({ hideProfileEditing: true });
    expect(await saveProfile({ ...ownDraft, staySignedIn: false, id: own.id })).toMatchObject({
      ok: false,
      error: { code: 'managed' },
    });
  });
});
