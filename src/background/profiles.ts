import { isManagedId } from '../shared/managed-policy.ts';
import { validateProfile, type ProfileDraft } from '../shared/profile.ts';
import type { SaveProfileResult } from '../shared/protocol.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { text } from '../shared/text.ts';
import { t } from '../shared/i18n.ts';
import { afterChange } from './after-change.ts';
import { forgetApiTabsOf } from './api-tabs.ts';
import { readManagedPolicy } from './managed-policy-store.ts';
import { forgetRefresh } from './persisted-refresh.ts';
import { deleteProfile, writeProfile } from './profile-store.ts';
import { updateSession } from './session-store.ts';

/** Saves a profile after the same validation the options form shows; errors per field. */
export async function saveProfile(input: ProfileDraft): Promise<Result<SaveProfileResult>> {
  const refused = await editingRefused(input.id);
  if (refused) return refused;
  const checked = validateProfile(input);
  if (!checked.ok) return ok({ invalid: checked.errors });
  if (checked.profile.staySignedIn && (await readManagedPolicy()).forbidStaySignedIn)
    return ok({ invalid: { staySignedIn: text('validationStaySignedInForbidden') } });
  const saved = await writeProfile(checked.profile);
  // Opting out of "Stay signed in" takes the refresh token off the disk at once.
  if (!saved.staySignedIn) await forgetRefresh(saved.id);
  // A changed API URL must not keep lending the session's token to the old origin.
  await afterChange();
  return ok({ saved });
}

export async function removeProfile(profileId: string): Promise<Result<{ removed: boolean }>> {
  const refused = await editingRefused(profileId);
  if (refused) return refused;
  const removed = await deleteProfile(profileId);
  await updateSession(profileId, () => undefined);
  await forgetRefresh(profileId);
  await forgetApiTabsOf(profileId);
  await afterChange();
  return ok({ removed });
}

/** The policy's profiles are the administrator's; with editing hidden, so are all the others. */
async function editingRefused(profileId: string | undefined): Promise<Result<never> | undefined> {
  if (profileId !== undefined && isManagedId(profileId))
    return fail('managed', t('workerErrorProfileManaged'));
  if ((await readManagedPolicy()).hideProfileEditing) return fail('managed', t('workerErrorProfilesManaged'));
  return undefined;
}
