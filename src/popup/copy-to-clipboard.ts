import { fingerprint } from '../shared/fingerprint.ts';
import { t, textLocale, type MessageKey } from '../shared/i18n.ts';
import { durationFormat } from '../shared/intl-format.ts';
import { callBackground } from '../shared/messaging.ts';
import { fail, type Result } from '../shared/result.ts';
import { copyText, type CopyFormat } from './copy-formats.ts';

const COPIED: Record<CopyFormat, MessageKey> = {
  token: 'popupCopiedToken',
  header: 'popupCopiedHeader',
  curl: 'popupCopiedCurl',
};

/**
 * Copies the session's token in one format. The worker is told first what is about to be written
 * (by its salted fingerprint only), so it can clear the clipboard later if it still holds it: a
 * popup closes the moment the user clicks elsewhere, and one that wrote first might never get to
 * tell. Returns the confirmation to show. The token is fetched at the click, never kept in the page.
 */
export async function copyToClipboard(profileId: string, format: CopyFormat): Promise<Result<string>> {
  const reply = await callBackground('getToken', { profileId });
  if (!reply.ok) return reply;
  const text = copyText(reply.value, format);
  // A refused schedule still copies (as before the worker could clear): the confirmation then
  // does not promise a clear.
  const scheduled = await callBackground('copying', { profileId, print: await fingerprint(text) });
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    return fail('clipboard', t('popupCopyFailed'));
  }
  const clearAt = scheduled.ok ? scheduled.value.clearAt : undefined;
  const done = t(COPIED[format]);
  if (!clearAt) return { ok: true, value: done };
  const seconds = Math.max(0, Math.round((clearAt - Date.now()) / 1000));
  return { ok: true, value: t('popupCopiedClearsIn', done, durationFormat(textLocale())({ seconds })) };
}
