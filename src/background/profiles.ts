import { validateProfile, type ProfileDraft } from '../shared/profile.ts';
import type { SaveProfileResult } from '../shared/protocol.ts';
import { ok, type Result } from '../shared/result.ts';
import { afterChange } from './after-change.ts';
import { forgetApiTabsOf } from './api-tabs.ts';
import { forgetRefresh } from './persisted-refresh.ts';
import { deleteProfile, writeProfile } from './profile-store.ts';
import { updateSession } from './session-store.ts';

/** Saves a profile after the same validation the options form shows; errors per field. */
export async function saveProfile(input: ProfileDraft): Promise<Result<SaveProfileResult>> {
  const checked = validateProfile(input);
  if (!checked.ok) return ok({ invalid: checked.errors });
  const saved = await writeProfile(checked.profile);
  // Opting out of "Stay signed in" takes the refresh token off the disk at once.
  if (!saved.staySignedIn) await forgetRefresh(saved.id);
  // A changed API URL must not keep lending the session's token to the old origin.
  await afterChange();
  return ok({ saved });
}

export async function removeProfile(profileId: string): Promise<Result<{ removed: boolean }>> {
  const removed = await deleteProfile(profileId);
  await updateSession(profileId, () => undefined);
  await forgetRefresh(profileId);
  await forgetApiTabsOf(profileId);
  await afterChange();
  return ok({ removed });
}
