import type { Page } from 'playwright-core';
import { launchHarness } from '../test/e2e/harness.ts';
import { signedInApiTab } from './extension.ts';

const TOTAL_FETCHES = 2000;
const ROUNDS = 8;
const CONCURRENCY = 8;

/** Fetches `count` times (CONCURRENCY at a time) from the page; returns requests per second. */
function throughput(page: Page, url: string, count: number, header?: string): Promise<number> {
  return page.evaluate(
    async ({ url, count, header, concurrency }) => {
      const init: RequestInit = header ? { headers: { Authorization: header } } : {};
      let next = 0;
      let unauthorized = 0;
      const started = performance.now();
      // No named functions in here: the runner's transpiler would wrap them in a helper the
      // page does not have.
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < count) {
            next += 1;
            const response = await fetch(url, init);
            await response.arrayBuffer();
            if (response.status !== 200) unauthorized += 1;
          }
        }),
      );
      if (unauthorized > 0) throw new Error(`${unauthorized} requests were not answered 200`);
      return (count / (performance.now() - started)) * 1000;
    },
    { url, count, header, concurrency: CONCURRENCY },
  );
}

/**
 * 2,000 fetches of `whoami` from an API tab where the rule attaches the token, against the same
 * number from an ordinary tab on the same origin whose page sets the header itself, in
 * alternating rounds so that drift in the machine's load hits both alike.
 */
export async function measureHeaderCost(): Promise<{ ruleRps: number; pageRps: number; ratio: number }> {
  const harness = await launchHarness();
  try {
    const { apiTab, base } = await signedInApiTab(harness, 'Header cost');
    const plainTab = await harness.context.newPage();
    await plainTab.goto(`${base}/`);
    const token = harness.sandbox.issuedTokens({ broker: 'traderevolution', kind: 'access' }).at(-1)!.token;
    const whoami = `${base}/whoami`;

    await throughput(apiTab, whoami, 100);
    await throughput(plainTab, whoami, 100, `Bearer ${token}`);
    const perRound = TOTAL_FETCHES / ROUNDS;
    let ruleTime = 0;
    let pageTime = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      ruleTime += perRound / (await throughput(apiTab, whoami, perRound));
      pageTime += perRound / (await throughput(plainTab, whoami, perRound, `Bearer ${token}`));
    }
    const ruleRps = TOTAL_FETCHES / ruleTime;
    const pageRps = TOTAL_FETCHES / pageTime;
    return {
      ruleRps: Math.round(ruleRps),
      pageRps: Math.round(pageRps),
      ratio: Math.round((ruleRps / pageRps) * 1000) / 1000,
    };
  } finally {
    await harness.close();
  }
}
