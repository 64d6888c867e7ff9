import { browser } from '../../shared/browser.ts';
import { t } from '../../shared/i18n.ts';
import { isEnded, isLive, usableTokens, type SessionRecord } from '../../shared/sessions/record.ts';

export interface BadgeLook {
  text: string;
  color: string;
  title: string;
}

/**
 * What the toolbar badge says, most urgent first: an ended, rejected or failed session ("!", red),
 * a code waiting to be entered ("?", amber), a session without refresh about to end ("!", amber),
 * otherwise how many sessions are active (green), or nothing.
 */
export function badgeLook(records: SessionRecord[], now: number, endingSoonMs: number): BadgeLook {
  const count = (test: (record: SessionRecord) => boolean) => records.filter(test).length;
  const ended = count(isEnded);
  if (ended) return { text: '!', color: '#b42318', title: t('badgeEnded', ended) };
  const waiting = count((record) => record.state === 'code-required');
  if (waiting) return { text: '?', color: '#9a6700', title: t('badgeWaiting', waiting) };
  const endingSoon = count(
    (record) => isLive(record) && Boolean(record.warned) && record.tokens.expiresAt - now < endingSoonMs,
  );
  if (endingSoon) return { text: '!', color: '#9a6700', title: t('badgeEndingSoon', endingSoon) };
  const active = count((record) => usableTokens(record, now) !== undefined);
  return active
    ? { text: String(active), color: '#166534', title: t('badgeActive', active) }
    : { text: '', color: '#166534', title: t('extName') };
}

export async function showBadge(look: BadgeLook): Promise<void> {
  await Promise.all([
    browser.action.setBadgeText({ text: look.text }),
    browser.action.setBadgeBackgroundColor({ color: look.color }),
    browser.action.setTitle({ title: look.title }),
  ]);
}
