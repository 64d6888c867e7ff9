import { browser } from '../../shared/browser.ts';

/** A system notification about one profile; one at a time per profile (same id replaces). */
export function notify(profileId: string, title: string, message: string): void {
  browser.notifications
    .create(`broker-sessions:${profileId}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('icons/icon-128.png'),
      title,
      message,
    })
    .catch(() => undefined);
}
