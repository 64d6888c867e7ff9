import { browser } from '../shared/browser.ts';

const WINDOW_FLAG = 'window';

/** True when this popup page runs in a window of its own rather than under the toolbar button. */
export const inOwnWindow = () => new URLSearchParams(location.search).has(WINDOW_FLAG);

/**
 * Opens the popup in a small window of its own, for people who keep it beside the broker's app
 * (a toolbar popup closes as soon as it loses focus), then closes the toolbar popup.
 */
export async function popOut(): Promise<void> {
  await browser.windows.create({
    url: browser.runtime.getURL(`src/popup/index.html?${WINDOW_FLAG}=1`),
    type: 'popup',
    width: 380,
    height: 620,
  });
  window.close();
}
