import { t, textLocale } from '../shared/i18n.ts';
import { durationFormat, type Duration } from '../shared/intl-format.ts';
import type { SessionView } from '../shared/protocol.ts';

/** The units a time left is shown in: precise where it matters, near the end. */
function remainingUnits(ms: number): Duration {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds >= 3600)
    return { hours: Math.floor(seconds / 3600), minutes: Math.floor((seconds % 3600) / 60) };
  if (seconds >= 600) return { minutes: Math.floor(seconds / 60) };
  if (seconds >= 60) return { minutes: Math.floor(seconds / 60), seconds: seconds % 60 };
  return { seconds };
}

/** "59 min", "4 min, 5 sec", "noch 59 Min.": the time left in the language of the strings shown. */
export function formatRemaining(ms: number, locale: string = textLocale()): string {
  return durationFormat(locale)(remainingUnits(ms));
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
