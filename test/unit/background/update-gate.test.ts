/**
 * An extension update clears storage.session and the session rules, so it waits while any session
 * is in use or under way, and is applied when the last one ends.
 */
import { describe, expect, it, vi } from 'vitest';
import { mayApplyUpdate, noteUpdateAvailable } from '../../../src/background/update-gate.ts';
import type { SessionRecord } from '../../../src/shared/sessions/record.ts';
import { endSession, signIn } from '../../../src/background/sessions/sign-in.ts';
import { browser } from './support/worker-browser.ts';
import { addProfile, DEMO, useSandbox } from './support/worker-fixtures.ts';

vi.mock('../../../src/shared/browser.ts', () => import('./support/worker-browser.ts'));

const sandbox = useSandbox();
const record = (state: SessionRecord['state']) => ({ state }) as SessionRecord;

describe('the update gate', () => {
  it('lets an update in only when every session is over', () => {
    expect(mayApplyUpdate([])).toBe(true);
    expect(mayApplyUpdate([record('expired'), record('error')])).toBe(true);
    for (const busy of ['signing-in', 'code-required', 'active', 'refreshing', 'restoring'] as const)
      expect(mayApplyUpdate([record('expired'), record(busy)]), busy).toBe(false);
  });

  it('holds an update while a session is active and applies it when the user signs out', async () => {
    const reload = vi.fn();
    browser.runtime.reload = reload;
    const profile = await addProfile(sandbox(), 'traderevolution');
    await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
    await noteUpdateAvailable();
    expect(reload).not.toHaveBeenCalled();
    await endSession(profile.id);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('applies an update at once when nobody is signed in', async () => {
    const reload = vi.fn();
    browser.runtime.reload = reload;
    await noteUpdateAvailable();
    expect(reload).toHaveBeenCalledTimes(1);
  });
});
