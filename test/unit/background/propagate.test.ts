/**
 * Work whose time has come is started by whichever change notices it. The alarm sync clears an
 * alarm that is already due (a packed extension's alarm would fire 30 s late), so a change of one
 * profile at the moment another's refresh fell due used to drop that refresh: no renewal, and the
 * session ran out.
 */
import { describe, expect, it, vi } from 'vitest';
import { signIn } from '../../../src/background/sessions/sign-in.ts';
import { updateSession } from '../../../src/background/sessions/store.ts';
import type { LiveRecord } from '../../../src/shared/sessions/record.ts';
import { wakeUp } from '../../../src/background/wake-up.ts';
import { addProfile, DEMO, storedSession, useSandbox } from './support/worker-fixtures.ts';

vi.mock('../../../src/shared/browser.ts', () => import('./support/worker-browser.ts'));

const sandbox = useSandbox();

describe('due work', () => {
  it('another profile’s sign-in starts a refresh that fell due meanwhile', async () => {
    const due = await addProfile(sandbox(), 'traderevolution', { name: 'due' });
    await signIn(due.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
    const before = await storedSession(due.id);
    // Its refresh fell due a moment ago; the browser has not fired the alarm yet.
    const now = Date.now();
    await updateSession(due.id, (record) => ({
      ...(record as LiveRecord),
      tokens: { ...before!.tokens!, expiresAt: now + 1_000 },
      tokensIssuedAt: now - 59_000,
    }));

    const other = await addProfile(sandbox(), 'volven', { name: 'other' });
    await signIn(other.id, 'nomfa@volven.test', 'volven-demo');
    await expect
      .poll(() => sandbox().requests({ broker: 'traderevolution', path: '/auth/token/refresh' }).length)
      .toBe(1);
    await expect
      .poll(async () => (await storedSession(due.id))?.tokens?.accessToken)
      .not.toBe(before?.tokens?.accessToken);
  });

  it('the wake-up waits for the due work its change started, and runs it once', async () => {
    const due = await addProfile(sandbox(), 'traderevolution', { name: 'due' });
    await signIn(due.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
    const before = await storedSession(due.id);
    await makeRefreshDue(due.id);

    await wakeUp();
    // No polling: the wake-up returns once the renewal it started has been stored.
    expect(sandbox().requests({ broker: 'traderevolution', path: '/auth/token/refresh' })).toHaveLength(1);
    const after = await storedSession(due.id);
    expect(after?.state).toBe('active');
    expect(after?.tokens?.accessToken).not.toBe(before?.tokens?.accessToken);
  });
});

/** The session's refresh fell due a moment ago; the browser has not fired the alarm yet. */
async function makeRefreshDue(profileId: string): Promise<void> {
  const now = Date.now();
  await updateSession(profileId, (record) => ({
    ...(record as LiveRecord),
    tokens: { ...(record as LiveRecord).tokens, expiresAt: now + 1_000 },
    tokensIssuedAt: now - 59_000,
  }));
}
