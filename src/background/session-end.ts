import { t } from '../shared/i18n.ts';
import type { AppError } from '../shared/result.ts';
import { afterChange } from './after-change.ts';
import { notify } from './notify.ts';
import { forgetRefresh } from './persisted-refresh.ts';
import { readProfile } from './profile-store.ts';
import { readSession, updateSession } from './session-store.ts';

/**
 * Ends an active session that can no longer be used: the token is dropped (so its header rules
 * go with the next sync), the state says Expired, and the user is told why.
 */
export async function endExpiredSession(profileId: string, error: AppError): Promise<void> {
  let ended = false;
  await updateSession(profileId, (current) => {
    if (!current || (current.state !== 'active' && current.state !== 'refreshing')) return current;
    ended = true;
    return { profileId, state: 'expired', error, updatedAt: Date.now() };
  });
  if (!ended) return;
  await forgetRefresh(profileId);
  await afterChange();
  const profile = await readProfile(profileId);
  notify(profileId, t('workerSessionEndedTitle', profile?.name ?? t('extName')), error.message);
}

/** The expiry alarm: ends the session if its token really is past its time. */
export async function expireIfDue(profileId: string, now = Date.now()): Promise<void> {
  const record = await readSession(profileId);
  if (!record?.tokens?.accessToken || record.tokens.expiresAt > now + 500) return;
  await endExpiredSession(profileId, {
    code: 'session-expired',
    message: t('workerSessionLifetimeOver'),
  });
}

/** The warning alarm of a session that cannot be refreshed (ETNA): tell the user once. */
export async function warnBeforeEnd(profileId: string): Promise<void> {
  let warnedNow = false;
  const record = await updateSession(profileId, (current) => {
    if (!current?.tokens || current.warned || current.state !== 'active') return current;
    warnedNow = true;
    return { ...current, warned: true };
  });
  if (!warnedNow || !record?.tokens) return;
  await afterChange();
  const profile = await readProfile(profileId);
  const minutes = Math.max(1, Math.round((record.tokens.expiresAt - Date.now()) / 60_000));
  notify(
    profileId,
    t('workerSessionEndsSoonTitle', profile?.name ?? t('extName')),
    t('workerSessionEndsSoon', minutes),
  );
}
