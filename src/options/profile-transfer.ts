import { say } from '../shared/i18n.ts';
import { callBackground } from '../shared/messaging.ts';
import type { Profile } from '../shared/profile.ts';
import { exportProfiles, sameProfile, type ExportedProfile } from '../shared/profile-export.ts';

/** The user's own profiles as a JSON file (the administrator's come with the policy anyway). */
export function profilesFileText(profiles: Profile[]): string {
  return `${JSON.stringify(exportProfiles(profiles.filter((profile) => !profile.managed)), null, 2)}\n`;
}

export interface ImportOutcome {
  added: number;
  updated: number;
  /** Profiles the administrator already provides: left to the policy. */
  skippedManaged: number;
  /** The worker refused one (it validates again); the ones before it are saved. */
  failure?: string;
}

/**
 * Saves checked profiles: one that matches an existing profile (same name, broker and URL) is
 * updated in place rather than duplicated.
 */
export async function importProfiles(
  incoming: ExportedProfile[],
  existing: Profile[],
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { added: 0, updated: 0, skippedManaged: 0 };
  for (const profile of incoming) {
    const match = existing.find((candidate) => sameProfile(candidate, profile));
    if (match?.managed) {
      outcome.skippedManaged += 1;
      continue;
    }
    const reply = await callBackground('saveProfile', { ...profile, id: match?.id });
    if (!reply.ok) return { ...outcome, failure: reply.error.message };
    if ('invalid' in reply.value)
      return { ...outcome, failure: Object.values(reply.value.invalid).map(say).join(' ') };
    if (match) outcome.updated += 1;
    else outcome.added += 1;
  }
  return outcome;
}
