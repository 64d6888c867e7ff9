import { browser } from './browser.ts';
import type { PolicyView } from './managed-policy.ts';
import { policyView, profilesInForce, settingsInForce } from './policy-in-force.ts';
import type { Profile } from './profile.ts';
import type { Settings } from './settings.ts';
import { localItems } from './storage-items.ts';
import { readItems } from './storage.ts';

/**
 * What the options page shows, read from storage as the worker keeps it (the same merge as the
 * worker's, shared/policy-in-force.ts); saving still goes to the worker, which validates.
 * Undefined before the worker has read the administrator's policy for the first time.
 */
export async function readOptionsData(): Promise<
  { profiles: Profile[]; policy: PolicyView; settings: Settings } | undefined
> {
  const [policy, own, settings] = await readItems([
    localItems.managedPolicy,
    localItems.profiles,
    localItems.settings,
  ] as const);
  if (!policy) return undefined;
  return {
    profiles: profilesInForce(policy, own),
    policy: policyView(policy),
    settings: settingsInForce(settings, policy),
  };
}

/** Calls `listener` whenever the profiles, the policy or the settings change; returns an unsubscribe. */
export function onOptionsDataChanged(listener: () => void): () => void {
  const keys = [localItems.managedPolicy.key, localItems.profiles.key, localItems.settings.key];
  const handler = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && keys.some((key) => key in changes)) listener();
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
