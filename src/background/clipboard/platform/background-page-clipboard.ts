import { clearClipboardIf, writeClipboardText } from '../../../shared/clipboard-dom.ts';
import type { ClipboardHands } from './clipboard-hands.ts';

/** Firefox: the background is an event page with a DOM of its own, so it reaches the clipboard. */
export const backgroundPageClipboard: ClipboardHands = {
  write: (text) => Promise.resolve(writeClipboardText(document, text)),
  clearIf: (print) => clearClipboardIf(document, print),
};
