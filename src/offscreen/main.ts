/**
 * The offscreen document: the worker's hands on the clipboard. It writes text (the keyboard
 * shortcut's copy) and clears the clipboard only if it still holds what we wrote.
 * `document.execCommand` is used because an offscreen document never has focus, which
 * `navigator.clipboard` requires.
 */
import { browser } from '../shared/browser.ts';
import { fingerprint } from '../shared/fingerprint.ts';
import { isOffscreenRequest, type OffscreenReply } from '../shared/offscreen-protocol.ts';

const area = document.getElementById('clipboard') as HTMLTextAreaElement;

/** Puts `text` on the clipboard through a copy event (works for '' too, unlike a selection). */
function write(text: string): boolean {
  const onCopy = (event: ClipboardEvent) => {
    event.clipboardData?.setData('text/plain', text);
    event.preventDefault();
  };
  document.addEventListener('copy', onCopy);
  try {
    return document.execCommand('copy');
  } finally {
    document.removeEventListener('copy', onCopy);
  }
}

function read(): string {
  area.value = '';
  area.focus();
  document.execCommand('paste');
  const text = area.value;
  area.value = '';
  return text;
}

async function clearIf(expected: string): Promise<boolean> {
  if ((await fingerprint(read())) !== expected) return false;
  return write('');
}

browser.runtime.onMessage.addListener((message: unknown): Promise<OffscreenReply> | undefined => {
  if (!isOffscreenRequest(message)) return undefined;
  if (message.type === 'write') return Promise.resolve({ done: write(message.text) });
  return clearIf(message.fingerprint).then((done) => ({ done }));
});
