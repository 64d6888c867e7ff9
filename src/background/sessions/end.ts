import { t, textLocale } from '../../shared/i18n.ts';
import { durationFormat } from '../../shared/intl-format.ts';
import type { AppError } from '../../shared/result.ts';
import { propagateChange } from '../propagate.ts';
import { notify } from '../signals/notify.ts';
import { readProfile } from '../profiles/store.ts';
import { isLive, usableTokens, type SessionRecord } from '../../shared/sessions/record.ts';
import { readSession, updateSession } from './store.ts';

const isRenewable = (record: SessionRecord | undefined) => isLive(record) || record?.state === 'restoring';

/**
 * Ends a session that can no longer be used: the token is dropped (so its header rules go with
 * the next sync), the refresh token and its disk copy with it, the state says Expired, and the
 * user is told why. With `sessionId`, only that session is ended: an answer that arrives for a
 * session already replaced by a new sign-in does not end the new one.
 */
export async function endExpiredSession(
  profileId: string,
  error: AppError,
  sessionId?: string,
): Promise<void> {
  let ended = false;
  await updateSession(profileId, (current) => {
    if (!isRenewable(current)) return current;
    if (sessionId !== undefined && current.sessionId !== sessionId) return current;
    ended = true;
    return { profileId, state: 'expired', error, updatedAt: Date.now() };
  });
  if (!ended) return;
  await propagateChange();
  const profile = await readProfile(profileId);
  notify(profileId, t('workerSessionEndedTitle', profile?.name ?? t('extName')), error.message);
}

/**
 * The broker stopped accepting the session before its time (a 401 on the API traffic) and renewing
 * did not mend it, or cannot (refresh/refusal-response.ts): the session is Rejected, its rules go
 * with the change, and the user is told to sign in again. Never an automatic sign-in: no password
 * is kept. With `sessionId`, only that session (a new sign-in meanwhile is left alone).
 */
export async function rejectSession(profileId: string, sessionId?: string): Promise<void> {
  let rejected = false;
  const error: AppError = { code: 'session-rejected', message: t('workerErrorSessionRejected') };
  await updateSession(profileId, (current) => {
    if (!isRenewable(current)) return current;
    if (sessionId !== undefined && current.sessionId !== sessionId) return current;
    rejected = true;
    return { profileId, state: 'rejected', error, updatedAt: Date.now() };
  });
  if (!rejected) return;
  await propagateChange();
  const name = (await readProfile(profileId))?.name ?? t('extName');
  notify(profileId, t('workerSessionRejectedTitle', name), t('workerSessionRejectedNotice', name));
}

/** The expiry alarm: ends the session if its token really is past its time. */
export async function expireIfDue(profileId: string, now = Date.now()): Promise<void> {
  const record = await readSession(profileId);
  if (!isLive(record) || usableTokens(record, now + 500)) return;
  await endExpiredSession(profileId, {
    code: 'session-expired',
    message: t('workerSessionLifetimeOver'),
  });
}

/** The warning alarm of a session that cannot be refreshed (ETNA): tell the user once. */
export async function warnBeforeEnd(profileId: string): Promise<void> {
  let warnedNow = false;
  const record = await updateSession(profileId, (current) => {
    if (current?.state !== 'active' || current.warned) return current;
    warnedNow = true;
    return { ...current, warned: true };
  });
  if (!warnedNow || !isLive(record)) return;
  await propagateChange();
  const profile = await readProfile(profileId);
  const minutes = Math.max(1, Math.round((record.tokens.expiresAt - Date.now()) / 60_000));
  const left = minutes < 60 ? { minutes } : { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
  notify(
    profileId,
    t('workerSessionEndsSoonTitle', profile?.name ?? t('extName')),
    t('workerSessionEndsSoon', durationFormat(textLocale())(left)),
  );
}
