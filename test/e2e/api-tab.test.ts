/**
 * For each broker, with MFA where its API has it: sign in through the popup, then the API tab's
 * typed navigation, its same-origin fetch and (Volven) its WebSocket carry the token, plus ETNA's
 * app key. Real Chromium, the sandbox over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BROKERS, lastHeaders, openApiTab, signInDemo, whoamiUrl } from './demo-brokers.ts';
import { launchHarness, type Harness } from './harness.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await launchHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe.each(Object.values(DEMO_BROKERS))('$label', (demo) => {
  it('signs in through the popup and the API tab carries the token on navigation and fetch', async () => {
    const { sandbox } = harness;
    const { card, token } = await signInDemo(harness, demo);
    const tab = await openApiTab(harness, card, demo.broker);

    const navigation = await tab.goto(whoamiUrl(sandbox, demo.broker));
    expect(navigation?.status()).toBe(200);
    expect(await navigation?.json()).toMatchObject({ username: demo.username });
    const navigated = lastHeaders(sandbox, demo.broker, '/whoami');
    expect(navigated.authorization).toBe(`Bearer ${token}`);
    if (demo.appKey) expect(navigated['et-app-key']).toBe(demo.appKey);

    sandbox.clearRequests();
    const fetched = await tab.evaluate(
      async (url) => {
        const response = await fetch(url);
        return { status: response.status, body: (await response.json()) as { username?: string } };
      },
      whoamiUrl(sandbox, demo.broker),
    );
    expect(fetched).toMatchObject({ status: 200, body: { username: demo.username } });
    expect(lastHeaders(sandbox, demo.broker, '/whoami').authorization).toBe(`Bearer ${token}`);
    await tab.close();
  });
});

describe('Volven quote stream', () => {
  it('authenticates the WebSocket handshake from the API tab with the token', async () => {
    const { sandbox } = harness;
    const demo = DEMO_BROKERS.volven;
    const { card, token } = await signInDemo(harness, demo, 'Volven quotes');
    const tab = await openApiTab(harness, card, 'volven');
    const wsUrl = `${sandbox.urls.volven.replace('http:', 'ws:')}/volven-broker/quotes`;
    const first = await tab.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(url);
          socket.onmessage = (event) => {
            resolve(String(event.data));
            socket.close();
          };
          socket.onerror = () => resolve('error');
        }),
      wsUrl,
    );
    expect(JSON.parse(first)).toMatchObject({ type: 'hello', username: demo.username });
    expect(lastHeaders(sandbox, 'volven', '/volven-broker/quotes').authorization).toBe(`Bearer ${token}`);
  });
});
