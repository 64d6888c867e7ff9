/**
 * The offscreen document: the Chrome worker's hands on the clipboard. It writes text (the
 * keyboard shortcut's copy) and clears the clipboard only if it still holds what we wrote.
 */
import { browser } from '../shared/browser.ts';
import { clearClipboardIf, writeClipboardText } from '../shared/clipboard-dom.ts';
import { isOffscreenRequest, type OffscreenReply } from '../shared/offscreen-protocol.ts';

browser.runtime.onMessage.addListener((message: unknown): Promise<OffscreenReply> | undefined => {
  if (!isOffscreenRequest(message)) return undefined;
  if (message.type === 'write') return Promise.resolve({ done: writeClipboardText(document, message.text) });
  return clearClipboardIf(document, message.print).then(
    (outcome) => ({ outcome }),
    (): OffscreenReply => ({ outcome: 'failed' }),
  );
});
