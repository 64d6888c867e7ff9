// Types only: managed-policy.ts's parser (valibot) stays out of the pages' bundles.
import type { ManagedPolicy, PolicyView } from './managed-policy.ts';
import type { Profile } from './profile.ts';
import { DEFAULT_SETTINGS, type Settings } from './settings.ts';

/**
 * What the administrator's policy makes of the user's own profiles and settings: the same merge
 * for the worker (which acts on it) and the pages (which render it from storage), so the two can
 * never show different things.
 */

/** storage.local: the user's own profiles (settings, never secrets). */
export const OWN_PROFILES_KEY = 'profiles';
/** storage.local: the user's settings. */
export const SETTINGS_KEY = 'settings';
/**
 * storage.local: the administrator's policy as the worker last read it from storage.managed
 * (parsed, managed profiles with their ids). Pages and rendering use it; the worker refreshes it
 * at every wake-up and on every change of the policy (background/profiles/managed-policy.ts).
 * Absent until the first read ever.
 */
export const POLICY_CACHE_KEY = 'managedPolicy';

/** Every profile in force: the administrator's first, then the user's own, as policy allows. */
export function profilesInForce(policy: ManagedPolicy, own: Profile[]): Profile[] {
  const allowed = policy.forbidStaySignedIn
    ? own.map((profile) => ({ ...profile, staySignedIn: false }))
    : own;
  return [...policy.profiles, ...allowed];
}

/** The user's settings, with whatever the policy forces on top. */
export function settingsInForce(stored: Partial<Settings> | undefined, policy: ManagedPolicy): Settings {
  const settings = { ...DEFAULT_SETTINGS, ...stored };
  if (policy.clipboardClearSec !== undefined) settings.clipboardClearSec = policy.clipboardClearSec;
  return settings;
}

export function policyView({
  forbidStaySignedIn,
  hideProfileEditing,
  clipboardClearSec,
}: ManagedPolicy): PolicyView {
  return { forbidStaySignedIn, hideProfileEditing, clipboardClearSec };
}

/**
 * The cached policy from a storage.local read, or undefined when there is none yet (or it has a
 * shape this version does not know, which the worker's next read replaces).
 */
export function cachedPolicy(stored: Record<string, unknown>): ManagedPolicy | undefined {
  const value = stored[POLICY_CACHE_KEY] as Partial<ManagedPolicy> | undefined;
  if (typeof value !== 'object' || value === null || !Array.isArray(value.profiles)) return undefined;
  return {
    profiles: value.profiles,
    forbidStaySignedIn: value.forbidStaySignedIn === true,
    hideProfileEditing: value.hideProfileEditing === true,
    ...(typeof value.clipboardClearSec === 'number' && { clipboardClearSec: value.clipboardClearSec }),
  };
}

export const ownProfiles = (stored: Record<string, unknown>): Profile[] =>
  (stored[OWN_PROFILES_KEY] as Profile[] | undefined) ?? [];
