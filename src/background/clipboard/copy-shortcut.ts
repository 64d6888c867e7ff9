import { fingerprint } from '../../shared/fingerprint.ts';
import { t } from '../../shared/i18n.ts';
import { writeClipboard } from './clear.ts';
import { notify } from '../signals/notify.ts';
import { readProfiles } from '../profiles/store.ts';
import { readRecent } from './recent-profile.ts';
import { usableTokens } from '../../shared/sessions/record.ts';
import { readSessions } from '../sessions/store.ts';
import { tokenForCopy } from './token-for-copy.ts';

export const COPY_TOKEN_COMMAND = 'copy-token';

/**
 * The "copy token" keyboard shortcut: the most recently used active profile's token goes to the
 * clipboard (and is cleared after the set delay); the user is told which profile it was.
 */
export async function copyRecentToken(): Promise<void> {
  const [recent, sessions, profiles] = await Promise.all([readRecent(), readSessions(), readProfiles()]);
  const isActive = (id: string) => usableTokens(sessions[id], Date.now()) !== undefined;
  const profileId =
    recent && isActive(recent) ? recent : profiles.find((profile) => isActive(profile.id))?.id;
  if (!profileId) return notify('shortcut', t('workerNothingToCopy'), t('workerNoActiveSession'));
  const reply = await tokenForCopy(profileId);
  if (!reply.ok) return notify('shortcut', t('workerNothingToCopy'), reply.error.message);
  const name = profiles.find((profile) => profile.id === profileId)?.name ?? 'profile';
  const token = reply.value.accessToken;
  const done = await writeClipboard(token, await fingerprint(token));
  notify(
    'shortcut',
    done ? t('workerTokenCopied', name) : t('workerCopyFailed'),
    done ? t('workerClipboardWillClear') : t('workerClipboardRefused'),
  );
}
