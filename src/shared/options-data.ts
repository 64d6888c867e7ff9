import { browser } from './browser.ts';
import type { PolicyView } from './managed-policy.ts';
import {
  cachedPolicy,
  OWN_PROFILES_KEY,
  ownProfiles,
  POLICY_CACHE_KEY,
  policyView,
  profilesInForce,
  SETTINGS_KEY,
  settingsInForce,
} from './policy-in-force.ts';
import type { Profile } from './profile.ts';
import type { Settings } from './settings.ts';

/**
 * What the options page shows, read from storage as the worker keeps it (the same merge as the
 * worker's, shared/policy-in-force.ts); saving still goes to the worker, which validates.
 * Undefined before the worker has read the administrator's policy for the first time.
 */
export async function readOptionsData(): Promise<
  { profiles: Profile[]; policy: PolicyView; settings: Settings } | undefined
> {
  const stored = await browser.storage.local.get([OWN_PROFILES_KEY, POLICY_CACHE_KEY, SETTINGS_KEY]);
  const policy = cachedPolicy(stored);
  if (!policy) return undefined;
  return {
    profiles: profilesInForce(policy, ownProfiles(stored)),
    policy: policyView(policy),
    settings: settingsInForce(stored[SETTINGS_KEY] as Partial<Settings> | undefined, policy),
  };
}

/** Calls `listener` whenever the profiles, the policy or the settings change; returns an unsubscribe. */
export function onOptionsDataChanged(listener: () => void): () => void {
  const keys = [OWN_PROFILES_KEY, POLICY_CACHE_KEY, SETTINGS_KEY];
  const handler = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && keys.some((key) => key in changes)) listener();
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
