import { browser } from '../../shared/browser.ts';

/** The profile the user last signed in to, copied from or opened: the copy shortcut's target. */
const KEY = 'recentProfile';

export async function markRecent(profileId: string): Promise<void> {
  await browser.storage.session.set({ [KEY]: profileId });
}

export async function readRecent(): Promise<string | undefined> {
  const stored = await browser.storage.session.get(KEY);
  return stored[KEY] as string | undefined;
}
