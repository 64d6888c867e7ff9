import { launchHarness } from '../test/e2e/harness.ts';
import { addTraderEvolution, send, TE_DEMO } from './extension.ts';
import { summarize, type Summary } from './stats.ts';

const RUNS = 20;

/**
 * From the click on "Sign in" to the card showing "Active", in the popup, minus the sandbox's own
 * time for the same login request (timed from Node, which overstates it by Node's own fetch, so
 * the overhead shown is if anything too small by a millisecond or two).
 */
export async function measureSignIn(): Promise<{
  clickToActiveMs: Summary;
  sandboxLoginMs: Summary;
  overheadMs: Summary;
}> {
  const harness = await launchHarness();
  try {
    const setup = await harness.openPage('options');
    const profileId = await addTraderEvolution(harness, setup, 'Sign-in');
    const popup = await harness.openPage('popup');
    const card = popup.getByLabel('Sign-in', { exact: true });
    const clickToActive: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      await card.getByLabel('Username').fill(TE_DEMO.username);
      await card.getByLabel('Password').fill(TE_DEMO.password);
      // Timed inside the page: from the click to the commit that shows the active card.
      const elapsed = await popup.evaluate(`new Promise((resolve) => {
        const card = document.querySelector('section[aria-label="Sign-in"]');
        const button = [...card.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Sign in');
        const started = performance.now();
        new MutationObserver((_, observer) => {
          if (document.querySelector('section[aria-label="Sign-in"][data-state="active"]')) {
            observer.disconnect();
            resolve(performance.now() - started);
          }
        }).observe(document.body, { subtree: true, attributes: true, childList: true });
        button.click();
      })`);
      clickToActive.push(elapsed as number);
      await send(setup, 'signOut', { profileId });
      await popup.locator('section[aria-label="Sign-in"][data-state="signed-out"]').waitFor();
    }
    const loginUrl = `${harness.sandbox.loopbackUrls.traderevolution}/auth/token`;
    const sandboxLogin: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      const response = await fetch(loginUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: TE_DEMO.username, password: TE_DEMO.password }),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`The sandbox login answered ${response.status}`);
      sandboxLogin.push(performance.now() - started);
    }
    const sandboxMedian = summarize(sandboxLogin).median;
    return {
      clickToActiveMs: summarize(clickToActive),
      sandboxLoginMs: summarize(sandboxLogin),
      overheadMs: summarize(clickToActive.map((value) => value - sandboxMedian)),
    };
  } finally {
    await harness.close();
  }
}
