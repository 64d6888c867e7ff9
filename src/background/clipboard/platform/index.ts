/**
 * Where Chrome and Firefox differ, one module per difference, chosen at build time
 * (`import.meta.env.BROWSER`, set by vite.config.ts): the other browser's code is not shipped.
 */
import { backgroundPageClipboard } from './background-page-clipboard.ts';
import type { ClipboardHands } from './clipboard-hands.ts';
import { offscreenClipboard } from './offscreen-clipboard.ts';

export const isFirefox = import.meta.env.BROWSER === 'firefox';

export const clipboardHands: ClipboardHands = isFirefox ? backgroundPageClipboard : offscreenClipboard;
