import type { Page } from 'playwright-core';
import { launchHarness, type Harness } from '../test/e2e/harness.ts';
import { addTraderEvolution, pause, send, signInThroughPopup } from './extension.ts';
import { summarize, type Summary } from './stats.ts';

const RUNS = Number(process.env.VERDICT_RUNS ?? 10);
const BURST = 20;
const BROKER = 'traderevolution';
const NAME = 'Broker verdict';

export interface VerdictFigures {
  /** Everything revoked: the sandbox's first 401 → the session stored as Rejected. */
  firstRefusalToRejectedMs: Summary;
  /** Renewal requests per burst of 401s (the promise: at most one). */
  renewalsPerBurst: number[];
  /** The access token forgotten, the refresh token still good: first 401 → first 200 with the new token. */
  firstRefusalToRecoveredMs: Summary;
}

interface StoredSession {
  state: string;
  updatedAt: number;
}

async function storedSession(harness: Harness, profileId: string): Promise<StoredSession | undefined> {
  const worker = await harness.worker();
  return worker.evaluate(async (id) => {
    // The public part of the sessions, in its version envelope (src/shared/storage-items.ts).
    const stored = await chrome.storage.session.get('sessions');
    const envelope = stored.sessions as { value?: Record<string, StoredSession> } | undefined;
    return envelope?.value?.[id];
  }, profileId);
}

/** A fresh API tab of the profile, from the popup's "Open API", on the API base URL. */
async function apiTab(harness: Harness, popup: Page, name: string): Promise<Page> {
  const [tab] = await Promise.all([
    harness.context.waitForEvent('page'),
    popup.getByLabel(name, { exact: true }).getByRole('button', { name: 'Open API' }).click(),
  ]);
  await tab.waitForURL(`${harness.sandbox.urls[BROKER]}/`);
  return tab;
}

const fireBurst = (tab: Page, via: string) =>
  tab.evaluate(`Promise.all(Array.from({ length: ${BURST} }, () => fetch('whoami?via=${via}')))`);

/** When the sandbox first saw a request marked `via`, in epoch ms. */
const firstSeen = (harness: Harness, via: string) =>
  harness.sandbox.requests({ broker: BROKER, path: `via=${via}` }).at(0)?.at;

/**
 * What the user waits for when the broker ends a session early, in real Chromium against the
 * sandbox: (1) everything revoked ("signed in elsewhere"), a burst of 20 API requests from the
 * API tab all answered 401: the time from the first 401 to the Rejected state, and how many
 * renewal requests the burst caused; (2) the access token forgotten while its refresh token
 * still works ("server restart"): the time from the first 401 to the first request the sandbox
 * accepts with the renewed token. TraderEvolution: its renewal is a request of its own.
 */
export async function measureBrokerVerdict(): Promise<VerdictFigures> {
  const harness = await launchHarness();
  const { sandbox } = harness;
  try {
    const setup = await harness.openPage('options');
    const rejectedAfter: number[] = [];
    const renewalsPerBurst: number[] = [];
    const recoveredAfter: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      console.log(`  run ${run + 1} of ${RUNS}`);
      // A profile per run: automatic renewals after a refusal are capped per profile and hour.
      const name = `${NAME} ${run + 1}`;
      const profileId = await addTraderEvolution(harness, setup, name);
      const popup = await harness.openPage('popup');
      await signInThroughPopup(popup, name);
      const tab = await apiTab(harness, popup, name);

      sandbox.revokeAll(BROKER);
      sandbox.clearRequests();
      await fireBurst(tab, `revoked-${run}`);
      let rejected: StoredSession | undefined;
      while (rejected?.state !== 'rejected') {
        await pause(10);
        rejected = await storedSession(harness, profileId);
      }
      rejectedAfter.push(rejected.updatedAt - firstSeen(harness, `revoked-${run}`)!);
      renewalsPerBurst.push(sandbox.requests({ broker: BROKER, path: '/auth/token/refresh' }).length);
      await tab.close();

      console.log(`  run ${run + 1}: rejected; now a forgotten token`);
      await signInThroughPopup(popup, name);
      const second = await apiTab(harness, popup, name);
      sandbox.forgetAccessToken(BROKER);
      sandbox.clearRequests();
      const via = `forgotten-${run}`;
      let recovered: number | undefined;
      while (recovered === undefined) {
        await fireBurst(second, via);
        const newest = `Bearer ${sandbox.issuedTokens({ broker: BROKER, kind: 'access' }).at(-1)!.token}`;
        recovered = sandbox
          .requests({ broker: BROKER, path: `via=${via}` })
          .find((request) => request.headers.authorization === newest)?.at;
      }
      recoveredAfter.push(recovered - firstSeen(harness, via)!);
      await second.close();
      await send(popup, 'signOut', { profileId });
      await popup.close();
    }
    return {
      firstRefusalToRejectedMs: summarize(rejectedAfter),
      renewalsPerBurst,
      firstRefusalToRecoveredMs: summarize(recoveredAfter),
    };
  } finally {
    await harness.close();
  }
}
