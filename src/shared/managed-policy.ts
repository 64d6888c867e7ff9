import * as v from 'valibot';
import { hash53 } from './hash.ts';
import { validateProfile, type Profile } from './profile.ts';

/**
 * What an administrator can set through the browser's policy (storage.managed; the schema is
 * public/managed-schema.json). `profiles` has the shape of the options page's export file.
 */
export interface ManagedPolicy {
  /** Preconfigured profiles: shown as managed, never editable or removable by the user. */
  profiles: Profile[];
  /** No profile may keep its refresh token on disk. */
  forbidStaySignedIn: boolean;
  /** The clipboard delay the user cannot change (seconds; 0 = never cleared). */
  clipboardClearSec?: number;
  /** The user cannot add, edit, import or remove profiles. */
  hideProfileEditing: boolean;
  /** No local program may use a session: the token bridge stays off (background/bridge/). */
  forbidTokenBridge: boolean;
}

/** What the pages may know of the policy, to show locked controls as locked. */
export type PolicyView = Omit<ManagedPolicy, 'profiles'>;

export const NO_POLICY: ManagedPolicy = {
  profiles: [],
  forbidStaySignedIn: false,
  hideProfileEditing: false,
  forbidTokenBridge: false,
};

const MANAGED_ID_PREFIX = 'managed-';

export const isManagedId = (profileId: string) => profileId.startsWith(MANAGED_ID_PREFIX);

/** What tells one policy profile from another: two entries alike in all three are one profile. */
const identity = (profile: Pick<Profile, 'name' | 'broker' | 'apiBaseUrl'>) =>
  `${profile.broker}\n${profile.apiBaseUrl}\n${profile.name}`;

/**
 * A managed profile's id is derived from what identifies it, so it is the same at every read of
 * the policy: its session, alarms and rules stay attached to it while the policy is unchanged.
 * 53 bits: two of a thousand profiles share one with odds of about 10^-10, and
 * `parseManagedPolicy` refuses the second of such a pair rather than merge the two.
 */
export function managedProfileId(profile: Pick<Profile, 'name' | 'broker' | 'apiBaseUrl'>): string {
  return `${MANAGED_ID_PREFIX}${hash53(identity(profile))}`;
}

const settingsSchema = v.object({
  forbidStaySignedIn: v.optional(v.boolean(), false),
  hideProfileEditing: v.optional(v.boolean(), false),
  forbidTokenBridge: v.optional(v.boolean(), false),
  clipboardClearSec: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600))),
});

/**
 * Reads whatever the browser's managed storage holds. The browser already checks it against the
 * schema, but a policy is typed by hand: a profile that does not validate is left out (and
 * named in `problems`) rather than taking the valid ones down with it.
 */
export function parseManagedPolicy(
  raw: unknown,
  idOf: typeof managedProfileId = managedProfileId,
): { policy: ManagedPolicy; problems: string[] } {
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const problems: string[] = [];
  const settings = v.safeParse(settingsSchema, record);
  if (!settings.success) problems.push('settings: ignored, they do not match the schema');
  const { forbidStaySignedIn, hideProfileEditing, forbidTokenBridge, clipboardClearSec } = settings.success
    ? settings.output
    : {
        forbidStaySignedIn: false,
        hideProfileEditing: false,
        forbidTokenBridge: false,
        clipboardClearSec: undefined,
      };

  const profiles: Profile[] = [];
  // Each kept profile's place in the policy, to name it in a problem.
  const positions: number[] = [];
  const entries = Array.isArray(record.profiles) ? (record.profiles as unknown[]) : [];
  entries.forEach((entry, index) => {
    const checked = validateProfile(entry);
    if (!checked.ok) {
      problems.push(`profile ${index + 1}: ${Object.keys(checked.errors).join(', ')}`);
      return;
    }
    const id = idOf(checked.profile);
    const same = profiles.findIndex((profile) => profile.id === id);
    if (same >= 0) {
      // The same profile twice is one profile; two profiles on one id would share a session.
      const duplicate = identity(profiles[same]!) === identity(checked.profile);
      problems.push(
        duplicate
          ? `profile ${index + 1}: a duplicate`
          : `profile ${index + 1}: left out, its id collides with profile ${positions[same]! + 1}'s (rename either)`,
      );
      return;
    }
    const staySignedIn = checked.profile.staySignedIn && !forbidStaySignedIn;
    profiles.push({ ...checked.profile, id, staySignedIn, managed: true });
    positions.push(index);
  });
  return {
    policy: { profiles, forbidStaySignedIn, hideProfileEditing, forbidTokenBridge, clipboardClearSec },
    problems,
  };
}
