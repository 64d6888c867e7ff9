import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Sandbox, SandboxBroker } from '../../sandbox/index.ts';
import {
  addProfile,
  enterCode,
  profileCard,
  signIn,
  totpCode,
  waitForState,
  type ProfileInput,
} from './flows.ts';
import type { Harness } from './harness.ts';

/** The sandbox's demo account with MFA (where the broker has MFA) for each broker. */
export interface DemoBroker {
  broker: SandboxBroker;
  label: ProfileInput['brokerLabel'];
  username: string;
  password: string;
  appKey?: string;
  /** The code to type at the code step; undefined where the broker's API has no MFA. */
  code?: (sandbox: Sandbox) => string;
}

export const DEMO_BROKERS: Record<SandboxBroker, DemoBroker> = {
  volven: {
    broker: 'volven',
    label: 'Volven / TÝR Markets',
    username: 'trader@volven.test',
    password: 'volven-demo',
    code: (sandbox) => totpCode(sandbox.totpSecret),
  },
  etna: {
    broker: 'etna',
    label: 'ETNA Trader',
    username: 'etna-trader',
    password: 'etna-demo',
    appKey: 'demo-app-key',
    code: (sandbox) => {
      const code = sandbox.lastCode('etna-trader');
      if (!code) throw new Error('the sandbox sent no ETNA code');
      return code;
    },
  },
  traderevolution: {
    broker: 'traderevolution',
    label: 'TraderEvolution',
    username: 'te-trader',
    password: 'te-demo',
  },
};

export const whoamiUrl = (sandbox: Sandbox, broker: SandboxBroker) => `${sandbox.urls[broker]}/whoami`;

export interface SignedIn {
  popup: Page;
  card: Locator;
  /** The access token the sandbox issued for this sign-in. */
  token: string;
}

/** Adds a profile for `demo` and signs in through the popup, code step included. */
export async function signInDemo(
  harness: Harness,
  demo: DemoBroker,
  name = `${demo.label} demo`,
  options: Pick<ProfileInput, 'staySignedIn' | 'tokenLifetimeSec' | 'webAppOrigins'> &
    Partial<Pick<ProfileInput, 'apiBaseUrl'>> = {},
): Promise<SignedIn> {
  const { sandbox } = harness;
  await addProfile(harness, {
    name,
    brokerLabel: demo.label,
    apiBaseUrl: options.apiBaseUrl ?? sandbox.urls[demo.broker],
    appKey: demo.appKey,
    staySignedIn: options.staySignedIn,
    tokenLifetimeSec: options.tokenLifetimeSec,
    webAppOrigins: options.webAppOrigins,
  });
  const popup = await harness.openPage('popup');
  const card = profileCard(popup, name);
  await waitForState(card, 'signed-out');
  await signIn(card, demo.username, demo.password);
  if (demo.code) {
    await waitForState(card, 'code-required');
    await enterCode(card, demo.code(sandbox));
  }
  await waitForState(card, 'live');
  const issued = sandbox.issuedTokens({ broker: demo.broker, username: demo.username, kind: 'access' });
  expect(issued.length).toBeGreaterThan(0);
  return { popup, card, token: issued.at(-1)!.token };
}

/**
 * Clicks "Open API" and returns the tab it opened, once it shows the API base URL (the broker's
 * sandbox URL, unless the profile was given another).
 */
export async function openApiTab(
  harness: Harness,
  card: Locator,
  broker: SandboxBroker,
  apiBaseUrl = harness.sandbox.urls[broker],
): Promise<Page> {
  const [tab] = await Promise.all([
    harness.context.waitForEvent('page'),
    card.getByRole('button', { name: 'Open API' }).click(),
  ]);
  await tab.waitForURL(`${apiBaseUrl}/`);
  return tab;
}

/** The headers of the newest request the sandbox saw whose path contains `path`. */
export function lastHeaders(sandbox: Sandbox, broker: SandboxBroker, path: string): Record<string, string> {
  const seen = sandbox.requests({ broker, path });
  expect(seen.length, `no request to ${path} reached the ${broker} sandbox`).toBeGreaterThan(0);
  return seen.at(-1)!.headers;
}
