/**
 * The clipboard through a page's DOM, for pages that never have focus (Chrome's offscreen
 * document, Firefox's background page): `navigator.clipboard` wants a focused document, while
 * `execCommand` with the clipboardRead / clipboardWrite permissions does not.
 */
import { fingerprint } from './fingerprint.ts';

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

function readClipboardText(doc: Document): string {
  const area = doc.createElement('textarea');
  doc.body.append(area);
  try {
    area.focus();
    doc.execCommand('paste');
    return area.value;
  } finally {
    area.remove();
  }
}

/** Empties the clipboard only if it still holds what we wrote (known by its fingerprint). */
export async function clearClipboardIf(doc: Document, expected: string): Promise<boolean> {
  if ((await fingerprint(readClipboardText(doc))) !== expected) return false;
  return writeClipboardText(doc, '');
}
