import { browser } from '../../shared/browser.ts';
import type { OffscreenReply, OffscreenRequest } from '../../shared/offscreen-protocol.ts';
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

async function toOffscreen(request: OffscreenRequest): Promise<boolean> {
  await ensureOffscreenDocument();
  const reply = (await browser.runtime.sendMessage(request)) as OffscreenReply | undefined;
  return reply?.done ?? false;
}

export const offscreenClipboard: ClipboardHands = {
  write: (text) => toOffscreen({ channel: 'broker-sessions-offscreen', type: 'write', text }),
  async clearIf(fingerprint) {
    const done = await toOffscreen({ channel: 'broker-sessions-offscreen', type: 'clear-if', fingerprint });
    // Nothing left to clear: the document need not stay open.
    await chrome.offscreen.closeDocument().catch(() => undefined);
    return done;
  },
};
