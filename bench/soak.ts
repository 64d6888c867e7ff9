import { TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { launchHarness } from '../test/e2e/harness.ts';
import { pause, send } from './extension.ts';

const TOKEN_LIFETIME_SEC = 10;
export const SOAK_MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 5);

export interface SoakFigures {
  minutes: number;
  tokenLifetimeSec: number;
  brokers: {
    broker: string;
    requests: number;
    unauthorized: number;
    otherFailures: number;
    refreshes: number;
  }[];
}

/** Steady traffic (a request every 100 ms) from the page, counted by status. */
const POLL = (url: string) => `(() => {
  window.soak = { ok: 0, unauthorized: 0, other: 0, stop: false };
  (function poll() {
    if (window.soak.stop) return;
    fetch(${JSON.stringify(url)})
      .then((r) => { if (r.status === 200) window.soak.ok++; else if (r.status === 401) window.soak.unauthorized++; else window.soak.other++; })
      .catch(() => window.soak.other++)
      .finally(() => setTimeout(poll, 100));
  })();
})()`;

/**
 * 10-second tokens for five minutes with steady traffic from an API tab, for the two brokers
 * that renew (Volven with its TOTP step, TraderEvolution with rotating refresh tokens): every
 * request must be answered 200, none 401, across every renewal.
 */
export async function measureSoak(): Promise<SoakFigures> {
  const harness = await launchHarness({
    sandbox: { config: { accessTokenLifetimeSec: TOKEN_LIFETIME_SEC } },
  });
  try {
    const { sandbox } = harness;
    const setup = await harness.openPage('options');
    const tabs: { broker: 'volven' | 'traderevolution'; tab: Page }[] = [];
    for (const broker of ['volven', 'traderevolution'] as const) {
      const name = `Soak ${broker}`;
      await send(setup, 'saveProfile', {
        name,
        broker,
        apiBaseUrl: sandbox.urls[broker],
        webAppOrigins: [],
        staySignedIn: false,
        refreshMarginSec: 5,
      });
      const popup = await harness.openPage('popup');
      const card = popup.getByLabel(name, { exact: true });
      await card.getByLabel('Username').fill(broker === 'volven' ? 'trader@volven.test' : 'te-trader');
      await card.getByLabel('Password').fill(broker === 'volven' ? 'volven-demo' : 'te-demo');
      await card.getByRole('button', { name: 'Sign in' }).click();
      if (broker === 'volven') {
        await popup.locator(`section[aria-label="${name}"][data-state="code-required"]`).waitFor();
        const code = new TOTP({
          secret: sandbox.totpSecret,
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
        }).generate();
        await card.getByLabel('Verification code').fill(code);
        await card.getByRole('button', { name: 'Verify' }).click();
      }
      await popup.locator(`section[aria-label="${name}"][data-state="active"]`).waitFor();
      const [tab] = await Promise.all([
        harness.context.waitForEvent('page'),
        card.getByRole('button', { name: 'Open API' }).click(),
      ]);
      await tab.waitForURL(`${sandbox.urls[broker]}/`);
      await tab.evaluate(POLL(`${sandbox.urls[broker]}/whoami`));
      tabs.push({ broker, tab });
      await popup.close();
    }
    await pause(SOAK_MINUTES * 60_000);
    const brokers = [];
    const views = await send(setup, 'listSessions');
    for (const { broker, tab } of tabs) {
      const counts = (await tab.evaluate('(() => { window.soak.stop = true; return window.soak; })()')) as {
        ok: number;
        unauthorized: number;
        other: number;
      };
      brokers.push({
        broker,
        requests: counts.ok + counts.unauthorized + counts.other,
        unauthorized: counts.unauthorized,
        otherFailures: counts.other,
        refreshes: sandbox.issuedTokens({ broker, kind: 'access' }).length - 1,
        finalState: views.find((view) => view.name === `Soak ${broker}`)?.state ?? 'missing',
      });
      if (counts.unauthorized > 0) console.log(harness.consoleLines.join('\n'));
    }
    return { minutes: SOAK_MINUTES, tokenLifetimeSec: TOKEN_LIFETIME_SEC, brokers };
  } finally {
    await harness.close();
  }
}
