import { t } from '../shared/i18n.ts';
import type { SessionView } from '../shared/protocol.ts';

/** "59 min", "4 min 05 s", "12 s": precise where it matters, near the end. */
export function formatRemaining(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds >= 3600)
    return t('durationHoursMinutes', Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60));
  if (seconds >= 600) return t('durationMinutes', Math.floor(seconds / 60));
  if (seconds >= 60)
    return t('durationMinutesSeconds', Math.floor(seconds / 60), String(seconds % 60).padStart(2, '0'));
  return t('durationSeconds', seconds);
}

/** The status line of a profile; always contains the state's name that people and tests look for. */
export function statusText(session: SessionView, now: number): string {
  switch (session.state) {
    case 'signed-out':
      return t('statusSignedOut');
    case 'signing-in':
      return t('statusSigningIn');
    case 'restoring':
      return t('statusRestoring');
    case 'code-required':
      return session.challengeExpiresAt
        ? t('statusCodeRequiredLeft', formatRemaining(session.challengeExpiresAt - now))
        : t('statusCodeRequired');
    case 'active':
    case 'refreshing': {
      if (session.expiresAt === undefined) return t('statusActive');
      const left = formatRemaining(session.expiresAt - now);
      if (session.state === 'refreshing') return t('statusRefreshing', left);
      return session.renewable ? t('statusActiveLeft', left) : t('statusActiveLeftNoRenewal', left);
    }
    case 'expired':
      return t('statusExpired');
    case 'rejected':
      return t('statusRejected');
    case 'error':
      return t('statusError');
  }
}
