import { browser } from '../../../shared/browser.ts';
import type { OffscreenReply, OffscreenRequest } from '../../../shared/offscreen-protocol.ts';
import type { ClipboardHands } from './clipboard-hands.ts';

const OFFSCREEN_PATH = 'src/offscreen/index.html';

/** Chrome: a service worker has no DOM, so an offscreen document holds the clipboard for it. */
async function ensureOffscreenDocument(): Promise<void> {
  const url = browser.runtime.getURL(OFFSCREEN_PATH);
  const existing = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [url],
  });
  if (existing.length > 0) return;
  await chrome.offscreen.createDocument({
    url: OFFSCREEN_PATH,
    reasons: [chrome.offscreen.Reason.CLIPBOARD],
    justification: 'Copy a token from a keyboard shortcut, and clear the clipboard after the set delay.',
  });
}

async function toOffscreen(request: OffscreenRequest): Promise<OffscreenReply | undefined> {
  await ensureOffscreenDocument();
  return (await browser.runtime.sendMessage(request)) as OffscreenReply | undefined;
}

export const offscreenClipboard: ClipboardHands = {
  async write(text) {
    const reply = await toOffscreen({ channel: 'broker-sessions-offscreen', type: 'write', text });
    return reply !== undefined && 'done' in reply && reply.done;
  },
  async clearIf(print) {
    // A document that cannot be created, or a lost reply, throws or answers nothing: the caller
    // retries.
    const reply = await toOffscreen({ channel: 'broker-sessions-offscreen', type: 'clear-if', print });
    // Nothing left to clear: the document need not stay open.
    await chrome.offscreen.closeDocument().catch(() => undefined);
    return reply !== undefined && 'outcome' in reply ? reply.outcome : 'failed';
  },
};
