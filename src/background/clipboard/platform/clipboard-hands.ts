import type { ClearOutcome } from '../../../shared/clipboard-dom.ts';
import type { ClipboardPrint } from '../../../shared/fingerprint.ts';

/** What the background needs of the clipboard; each browser gives it differently. */
export interface ClipboardHands {
  write(text: string): Promise<boolean>;
  /** Empties the clipboard if it still holds the text with this print. May throw: a failure too. */
  clearIf(print: ClipboardPrint): Promise<ClearOutcome>;
}
