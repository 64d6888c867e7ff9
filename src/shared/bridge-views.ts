import { browser } from './browser.ts';
import type { PolicyView } from './managed-policy.ts';
import { policyView, profilesInForce } from './policy-in-force.ts';
import type { Profile } from './profile.ts';
import type { BridgeConsent, BridgeGrant, BridgeStatus } from './bridge-items.ts';
import { localItems, sessionItems } from './storage-items.ts';
import { readItems } from './storage.ts';

/** A consent question and the profile it is about, for the consent window; undefined when gone. */
export async function readConsentView(
  consentId: string,
): Promise<{ consent: BridgeConsent; profile: Profile } | undefined> {
  const [consents, policy, own] = await readItems([
    sessionItems.bridgeConsents,
    localItems.managedPolicy,
    localItems.profiles,
  ] as const);
  const consent = consents.find((other) => other.id === consentId);
  if (!consent || !policy) return undefined;
  const profile = profilesInForce(policy, own).find((other) => other.id === consent.profileId);
  return profile && { consent, profile };
}

export interface BridgeView {
  enabled: boolean;
  status: BridgeStatus;
  /** The grants in force, each with its profile's name (a removed profile's grant is left out). */
  grants: (BridgeGrant & { profileName: string })[];
  policy: PolicyView;
}

/** The options page's token bridge section, from storage as the worker keeps it. */
export async function readBridgeView(now: number): Promise<BridgeView | undefined> {
  const [bridge, status, grants, policy, own] = await readItems([
    localItems.tokenBridge,
    sessionItems.bridgeStatus,
    sessionItems.bridgeGrants,
    localItems.managedPolicy,
    localItems.profiles,
  ] as const);
  if (!policy) return undefined;
  const names = new Map(profilesInForce(policy, own).map((profile) => [profile.id, profile.name]));
  return {
    enabled: bridge.enabled && !policy.forbidTokenBridge,
    status,
    grants: grants.flatMap((grant) => {
      const profileName = names.get(grant.profileId);
      const current = grant.expiresAt === undefined || grant.expiresAt > now;
      return profileName !== undefined && current ? [{ ...grant, profileName }] : [];
    }),
    policy: policyView(policy),
  };
}

/** Calls `listener` whenever what readBridgeView reads changes; returns an unsubscribe. */
export function onBridgeViewChanged(listener: () => void): () => void {
  const keys = new Set([
    localItems.tokenBridge.key,
    sessionItems.bridgeStatus.key,
    sessionItems.bridgeGrants.key,
    localItems.managedPolicy.key,
    localItems.profiles.key,
  ]);
  const handler = (changes: Record<string, unknown>) => {
    if (Object.keys(changes).some((key) => keys.has(key))) listener();
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
