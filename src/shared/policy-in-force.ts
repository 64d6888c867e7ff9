// Types only from managed-policy.ts: its parser stays out of the pages' bundles.
import type { ManagedPolicy, PolicyView } from './managed-policy.ts';
import type { Profile } from './profile.ts';
import type { Settings } from './settings.ts';

/**
 * What the administrator's policy makes of the user's own profiles and settings: the same merge
 * for the worker (which acts on it) and the pages (which render it from storage), so the two can
 * never show different things. Pure.
 */

/** Every profile in force: the administrator's first, then the user's own, as policy allows. */
export function profilesInForce(policy: ManagedPolicy, own: Profile[]): Profile[] {
  const allowed = policy.forbidStaySignedIn
    ? own.map((profile) => ({ ...profile, staySignedIn: false }))
    : own;
  return [...policy.profiles, ...allowed];
}

/** The user's settings, with whatever the policy forces on top. */
export function settingsInForce(stored: Settings, policy: ManagedPolicy): Settings {
  const settings = { ...stored };
  if (policy.clipboardClearSec !== undefined) settings.clipboardClearSec = policy.clipboardClearSec;
  return settings;
}

export function policyView({
  forbidStaySignedIn,
  hideProfileEditing,
  forbidTokenBridge,
  clipboardClearSec,
}: ManagedPolicy): PolicyView {
  return { forbidStaySignedIn, hideProfileEditing, forbidTokenBridge, clipboardClearSec };
}
