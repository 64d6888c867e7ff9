import { localItems, type PendingClear } from '../../shared/storage-items.ts';
import { readItem, removeItem, writeItem } from '../../shared/storage.ts';

export type { PendingClear } from '../../shared/storage-items.ts';

/**
 * The one clear we owe the clipboard: what we last put there (its salted print, never the text)
 * and when to clear it. Kept in storage.local, unlike everything else about a copy: a copy still
 * waiting when the browser closes must be cleared at the next start, and storage.session is
 * emptied by a restart. The print is safe on disk (fingerprint.ts says why).
 */
export async function readPendingClear(): Promise<PendingClear | undefined> {
  return readItem(localItems.clipboardPendingClear);
}

export async function writePendingClear(pending: PendingClear): Promise<void> {
  await writeItem(localItems.clipboardPendingClear, pending);
}

/**
 * Forgets `done` unless a newer copy replaced it meanwhile (its own clear is still owed); with no
 * argument, forgets whatever is pending.
 */
export async function forgetPendingClear(done?: PendingClear): Promise<void> {
  const current = await readPendingClear();
  if (!current) return;
  if (done && current.print.hash !== done.print.hash) return;
  await removeItem(localItems.clipboardPendingClear);
}
