import * as v from 'valibot';
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
}

/** What the pages may know of the policy, to show locked controls as locked. */
export type PolicyView = Omit<ManagedPolicy, 'profiles'>;

export const NO_POLICY: ManagedPolicy = {
  profiles: [],
  forbidStaySignedIn: false,
  hideProfileEditing: false,
};

const MANAGED_ID_PREFIX = 'managed-';

export const isManagedId = (profileId: string) => profileId.startsWith(MANAGED_ID_PREFIX);

/**
 * A managed profile's id is derived from what identifies it, so it is the same at every read of
 * the policy: its session, alarms and rules stay attached to it while the policy is unchanged.
 */
export function managedProfileId(profile: Pick<Profile, 'name' | 'broker' | 'apiBaseUrl'>): string {
  let hash = 0x811c9dc5;
  for (const char of `${profile.broker}\n${profile.apiBaseUrl}\n${profile.name}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${MANAGED_ID_PREFIX}${hash.toString(16).padStart(8, '0')}`;
}

const settingsSchema = v.object({
  forbidStaySignedIn: v.optional(v.boolean(), false),
  hideProfileEditing: v.optional(v.boolean(), false),
  clipboardClearSec: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600))),
});

/**
 * Reads whatever the browser's managed storage holds. The browser already checks it against the
 * schema, but a policy is typed by hand: a profile that does not validate is left out (and
 * named in `problems`) rather than taking the valid ones down with it.
 */
export function parseManagedPolicy(raw: unknown): { policy: ManagedPolicy; problems: string[] } {
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const problems: string[] = [];
  const settings = v.safeParse(settingsSchema, record);
  if (!settings.success) problems.push('settings: ignored, they do not match the schema');
  const { forbidStaySignedIn, hideProfileEditing, clipboardClearSec } = settings.success
    ? settings.output
    : { forbidStaySignedIn: false, hideProfileEditing: false, clipboardClearSec: undefined };

  const profiles: Profile[] = [];
  const entries = Array.isArray(record.profiles) ? (record.profiles as unknown[]) : [];
  entries.forEach((entry, index) => {
    const checked = validateProfile(entry);
    if (!checked.ok) {
      problems.push(`profile ${index + 1}: ${Object.keys(checked.errors).join(', ')}`);
      return;
    }
    const id = managedProfileId(checked.profile);
    if (profiles.some((profile) => profile.id === id)) {
      problems.push(`profile ${index + 1}: a duplicate`);
      return;
    }
    const staySignedIn = checked.profile.staySignedIn && !forbidStaySignedIn;
    profiles.push({ ...checked.profile, id, staySignedIn, managed: true });
  });
  return { policy: { profiles, forbidStaySignedIn, hideProfileEditing, clipboardClearSec }, problems };
}
