/**
 * A browser restart on the same profile directory. Without "Stay signed in" the sessions are
 * gone and no token, refresh token or password used is anywhere in the profile's files; with it,
 * Volven and TraderEvolution sessions come back active by refreshing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.ts';
import { DEMO_BROKERS, signInDemo } from './demo-brokers.ts';
import { profileCard, waitForState } from './flows.ts';
import { launchHarness, type Harness } from './harness.ts';
import { secretsOnDisk } from './profile-scan.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function newProfileDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'broker-sessions-restart-'));
  dirs.push(dir);
  return dir;
}

describe('browser restart', () => {
  it('without "Stay signed in": sessions are gone and no secret was written to disk', async () => {
    const userDataDir = newProfileDir();
    let harness: Harness = await launchHarness({ userDataDir });
    const secrets: Record<string, string> = {};
    try {
      for (const demo of Object.values(DEMO_BROKERS)) {
        const { popup } = await signInDemo(harness, demo);
        await popup.close();
        secrets[`${demo.broker} password`] = demo.password;
        for (const token of harness.sandbox.issuedTokens({ broker: demo.broker }))
          secrets[`${demo.broker} ${token.kind} token ${token.token.slice(0, 6)}`] = token.token;
      }
    } finally {
      await harness.close();
    }
    expect(Object.keys(secrets).length).toBeGreaterThanOrEqual(7);
    expect(secretsOnDisk(userDataDir, secrets)).toEqual([]);

    harness = await launchHarness({ userDataDir });
    try {
      const popup = await harness.openPage('popup');
      for (const demo of Object.values(DEMO_BROKERS))
        await waitForState(profileCard(popup, `${demo.label} demo`), 'signed-out');
    } finally {
      await harness.close();
    }
  });

  it('with "Stay signed in": Volven and TraderEvolution come back active by refreshing', async () => {
    const userDataDir = newProfileDir();
    const sandbox = await startSandbox();
    const kept = [DEMO_BROKERS.volven, DEMO_BROKERS.traderevolution];
    try {
      let harness = await launchHarness({ userDataDir, sharedSandbox: sandbox });
      try {
        for (const demo of kept)
          await (await signInDemo(harness, demo, undefined, { staySignedIn: true })).popup.close();
      } finally {
        await harness.close();
      }
      // Only the refresh tokens, which the user chose to keep, are on disk; the scan finds them.
      const onDisk = secretsOnDisk(userDataDir, {
        'refresh token': sandbox.issuedTokens({ kind: 'refresh' }).at(-1)!.token,
        'access token': sandbox.issuedTokens({ kind: 'access' }).at(-1)!.token,
        password: 'volven-demo',
      });
      expect(onDisk.length).toBeGreaterThan(0);
      expect(onDisk.every((finding) => finding.startsWith('refresh token'))).toBe(true);

      sandbox.clearRequests();
      harness = await launchHarness({ userDataDir, sharedSandbox: sandbox });
      try {
        const popup = await harness.openPage('popup');
        for (const demo of kept) await waitForState(profileCard(popup, `${demo.label} demo`), 'live');
        expect(sandbox.requests({ broker: 'traderevolution', path: '/auth/token/refresh' })).toHaveLength(1);
        expect(sandbox.requests({ broker: 'volven', path: '/auth/login' })).toHaveLength(1);
      } finally {
        await harness.close();
      }
    } finally {
      await sandbox.close();
    }
  });
});
