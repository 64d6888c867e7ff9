import { validateProfile, type ProfileDraft } from '../shared/profile.ts';
import type { SaveProfileResult } from '../shared/protocol.ts';
import { ok, type Result } from '../shared/result.ts';
import { forgetApiTabsOf } from './api-tabs.ts';
import { broadcastChanged } from './broadcast.ts';
import { deleteProfile, writeProfile } from './profile-store.ts';
import { syncHeaderRules } from './rules-sync.ts';
import { updateSession } from './session-store.ts';

/** Saves a profile after the same validation the options form shows; errors per field. */
export async function saveProfile(input: ProfileDraft): Promise<Result<SaveProfileResult>> {
  const checked = validateProfile(input);
  if (!checked.ok) return ok({ invalid: checked.errors });
  const saved = await writeProfile(checked.profile);
  // A changed API URL must not keep lending the old session's token to the old origin.
  await syncHeaderRules();
  broadcastChanged();
  return ok({ saved });
}

export async function removeProfile(profileId: string): Promise<Result<{ removed: boolean }>> {
  const removed = await deleteProfile(profileId);
  await updateSession(profileId, () => undefined);
  await forgetApiTabsOf(profileId);
  await syncHeaderRules();
  broadcastChanged();
  return ok({ removed });
}
