import type { Page } from 'playwright-core';
import type { Sandbox, SandboxBroker } from '../../sandbox/index.ts';
import type { ProfileDraft } from '../../src/shared/profile.ts';

/** One demo profile per broker, pointing at the local sandbox, and the demo account to use. */
export interface DemoProfile {
  broker: SandboxBroker;
  draft: ProfileDraft;
  username: string;
  password: string;
}

export function demoProfiles(sandbox: Sandbox): DemoProfile[] {
  const draft = (name: string, broker: SandboxBroker, extra: Partial<ProfileDraft> = {}): ProfileDraft => ({
    name,
    broker,
    apiBaseUrl: sandbox.urls[broker],
    webAppOrigins: [],
    staySignedIn: false,
    refreshMarginSec: 300,
    ...extra,
  });
  return [
    {
      broker: 'volven',
      draft: draft('Volven demo', 'volven'),
      username: 'trader@volven.test',
      password: 'volven-demo',
    },
    {
      broker: 'etna',
      draft: draft('ETNA demo', 'etna', { appKey: sandbox.etnaAppKey }),
      username: 'etna-trader',
      password: 'etna-demo',
    },
    {
      broker: 'traderevolution',
      draft: draft('TraderEvolution demo', 'traderevolution'),
      username: 'te-trader',
      password: 'te-demo',
    },
  ];
}

/** Saves the profiles through the extension's own message, from one of its pages. */
export async function saveDemoProfiles(extensionPage: Page, profiles: DemoProfile[]): Promise<void> {
  for (const { draft } of profiles) {
    const reply = await extensionPage.evaluate(
      (input) => chrome.runtime.sendMessage({ channel: 'broker-sessions', type: 'saveProfile', input }),
      draft,
    );
    if (!(reply as { ok?: boolean } | undefined)?.ok)
      throw new Error(`The extension did not save the demo profile "${draft.name}".`);
  }
}
