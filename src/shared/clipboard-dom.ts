/**
 * The clipboard through a page's DOM, for pages that never have focus (Chrome's offscreen
 * document, Firefox's background page): `navigator.clipboard` wants a focused document, while
 * `execCommand` with the clipboardRead / clipboardWrite permissions does not.
 */
import { matchesPrint, type ClipboardPrint } from './fingerprint.ts';

/** What a conditional clear did; 'failed' is worth a retry, 'not-ours' is not. */
export type ClearOutcome = 'cleared' | 'not-ours' | 'failed';

/** Puts `text` on the clipboard through a copy event (works for '' too, unlike a selection). */
export function writeClipboardText(doc: Document, text: string): boolean {
  const onCopy = (event: ClipboardEvent) => {
    event.clipboardData?.setData('text/plain', text);
    event.preventDefault();
  };
  doc.addEventListener('copy', onCopy);
  try {
    return doc.execCommand('copy');
  } finally {
    doc.removeEventListener('copy', onCopy);
  }
}

/** The clipboard's text, or undefined when the browser would not paste (not "empty"). */
function readClipboardText(doc: Document): string | undefined {
  const area = doc.createElement('textarea');
  doc.body.append(area);
  try {
    area.focus();
    return doc.execCommand('paste') ? area.value : undefined;
  } finally {
    area.remove();
  }
}

/** Empties the clipboard only if it still holds what we wrote (known by its fingerprint). */
export async function clearClipboardIf(doc: Document, print: ClipboardPrint): Promise<ClearOutcome> {
  const current = readClipboardText(doc);
  if (current === undefined) return 'failed';
  if (!(await matchesPrint(current, print))) return 'not-ours';
  return writeClipboardText(doc, '') ? 'cleared' : 'failed';
}
