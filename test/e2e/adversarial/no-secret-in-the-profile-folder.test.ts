/**
 * Promise: no password or token ever reaches the browser's profile folder, HTTP disk cache
 * included. After a sign-in to each broker, a refresh of each renewable one (Volven's POST,
 * TraderEvolution's GET, whose answer holds both tokens) and a sign-out, the browser is closed
 * (which flushes the cache to Default/Cache/Cache_Data/) and every file of the profile is scanned.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_BROKERS, signInDemo } from '../demo-brokers.ts';
import { profileCard } from '../flows.ts';
import { launchHarness } from '../harness.ts';
import { secretsOnDisk } from '../profile-scan.ts';

/** Short enough that each renewable session refreshes a few seconds after sign-in. */
const TOKEN_LIFETIME_SEC = 8;

const userDataDir = mkdtempSync(join(tmpdir(), 'broker-sessions-scan-'));
afterAll(() => rmSync(userDataDir, { recursive: true, force: true }));

describe('the profile folder after sign-in, refresh and sign-out', () => {
  it('holds no password, access, refresh or interim token, in the disk cache or anywhere else', async () => {
    const harness = await launchHarness({
      userDataDir,
      sandbox: { config: { accessTokenLifetimeSec: TOKEN_LIFETIME_SEC } },
    });
    const { sandbox } = harness;
    const secrets: Record<string, string> = {};
    try {
      const popups = [];
      for (const demo of Object.values(DEMO_BROKERS)) {
        popups.push((await signInDemo(harness, demo)).popup);
        secrets[`${demo.broker} password`] = demo.password;
      }
      const popup = popups.at(-1)!;
      for (const demo of [DEMO_BROKERS.volven, DEMO_BROKERS.traderevolution]) {
        // A refresh issues a new access token; the card is back to 'active' once it is stored.
        await expect
          .poll(() => sandbox.issuedTokens({ broker: demo.broker, kind: 'access' }).length, {
            timeout: 20_000,
          })
          .toBeGreaterThanOrEqual(2);
        await expect
          .poll(() => profileCard(popup, `${demo.label} demo`).getAttribute('data-state'))
          .toBe('active');
      }
      expect(
        sandbox.requests({ broker: 'traderevolution', path: '/auth/token/refresh' }).length,
      ).toBeGreaterThan(0);
      // One at a time: each sign-out removes its button, so a list taken up front goes stale.
      const signOut = popup.getByRole('button', { name: 'Sign out' });
      for (let left = await signOut.count(); left > 0; left--) {
        await signOut.first().click();
        await expect.poll(() => signOut.count()).toBe(left - 1);
      }
      for (const token of sandbox.issuedTokens())
        secrets[`${token.broker} ${token.kind} token ${token.token.slice(0, 6)}`] = token.token;
    } finally {
      // Closing the browser writes its HTTP cache out; the sandbox goes with the harness.
      await harness.close();
    }
    expect(Object.keys(secrets).length).toBeGreaterThanOrEqual(10);
    expect(secretsOnDisk(userDataDir, secrets)).toEqual([]);
  });
});
