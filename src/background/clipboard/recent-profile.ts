import { sessionItems } from '../../shared/storage-items.ts';
import { readItem, writeItem } from '../../shared/storage.ts';

/** The profile the user last signed in to, copied from or opened: the copy shortcut's target. */
export async function markRecent(profileId: string): Promise<void> {
  await writeItem(sessionItems.recentProfile, profileId);
}

export function readRecent(): Promise<string | undefined> {
  return readItem(sessionItems.recentProfile);
}
