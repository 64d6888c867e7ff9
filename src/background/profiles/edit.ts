import { isManagedId } from '../../shared/managed-policy.ts';
import { validateProfile, type Profile, type ProfileDraft } from '../../shared/profile.ts';
import type { SaveProfileResult } from '../../shared/protocol.ts';
import { fail, ok, type AppError, type Result } from '../../shared/result.ts';
import { text } from '../../shared/text.ts';
import { t } from '../../shared/i18n.ts';
import { propagateChange } from '../propagate.ts';
import { forgetApiTabsOf } from '../api-tabs/store.ts';
import { readFreshManagedPolicy } from './managed-policy.ts';
import { notify } from '../signals/notify.ts';
import { deleteProfile, readProfile, writeProfile } from './store.ts';
import { forgetPersistedRefresh, updateSession } from '../sessions/store.ts';
import { forgetSignInMemory } from '../sessions/sign-in-memory.ts';
import { isEnded } from '../../shared/sessions/record.ts';
import { forgetTraffic } from '../traffic/store.ts';

/** Saves a profile after the same validation the options form shows; errors per field. */
export async function saveProfile(input: ProfileDraft): Promise<Result<SaveProfileResult>> {
  const refused = await editingRefused(input.id);
  if (refused) return refused;
  const checked = validateProfile(input);
  if (!checked.ok) return ok({ invalid: checked.errors });
  if (checked.profile.staySignedIn && (await readFreshManagedPolicy()).forbidStaySignedIn)
    return ok({ invalid: { staySignedIn: text('validationStaySignedInForbidden') } });
  const before = input.id === undefined ? undefined : await readProfile(input.id, { fresh: true });
  // Ended before the new settings are stored, so no rule or renewal ever takes the session's
  // token to the new host (or with another app key).
  if (before && movesTheSession(before, checked.profile)) await endSessionForEdit(before);
  const saved = await writeProfile(checked.profile);
  // Opting out of "Stay signed in" takes the refresh token off the disk at once.
  if (!saved.staySignedIn) await forgetPersistedRefresh(saved.id);
  await propagateChange();
  return ok({ saved });
}

export async function removeProfile(profileId: string): Promise<Result<{ removed: boolean }>> {
  const refused = await editingRefused(profileId);
  if (refused) return refused;
  // The session (and its disk copy) first: a renewal answering meanwhile finds nothing to restore.
  await updateSession(profileId, () => undefined);
  await forgetApiTabsOf(profileId);
  await forgetSignInMemory(profileId);
  await forgetTraffic(profileId);
  const removed = await deleteProfile(profileId);
  await propagateChange();
  return ok({ removed });
}

/**
 * The policy's profiles are the administrator's; with editing hidden, so are all the others. Asked
 * of the policy as it is now, not the copy last read: a new policy that hides editing wins at once.
 */
async function editingRefused(profileId: string | undefined): Promise<Result<never> | undefined> {
  if (profileId !== undefined && isManagedId(profileId))
    return fail('managed', t('workerErrorProfileManaged'));
  if ((await readFreshManagedPolicy()).hideProfileEditing)
    return fail('managed', t('workerErrorProfilesManaged'));
  return undefined;
}

/** What a session's token is bound to: where it goes, and how the broker knows the client. */
function movesTheSession(before: Profile, after: ProfileDraft): boolean {
  return (
    before.broker !== after.broker ||
    before.apiBaseUrl !== after.apiBaseUrl ||
    (before.appKey ?? '') !== (after.appKey ?? '')
  );
}

/** Ends a session whose profile now points elsewhere; the popup says why. */
async function endSessionForEdit(profile: Profile): Promise<void> {
  let ended = false;
  await updateSession(profile.id, (current) => {
    if (current === undefined || isEnded(current)) return current;
    ended = true;
    const error: AppError = { code: 'profile-changed', message: t('workerSessionEndedProfileChanged') };
    return { profileId: profile.id, state: 'expired', error, updatedAt: Date.now() };
  });
  if (!ended) return;
  await forgetApiTabsOf(profile.id);
  notify(profile.id, t('workerSessionEndedTitle', profile.name), t('workerSessionEndedProfileChanged'));
}
