/**
 * The system clipboard and the one DOM route the background reaches it by (Firefox's background
 * page; Chrome's offscreen document runs the same code): `execCommand('copy')` fires a copy event
 * whose data becomes the clipboard, `execCommand('paste')` fills the focused textarea. The
 * fake-browser has no clipboard and Node no document. `failReads` makes the next reads throw, as
 * a clipboard the system will not give out does.
 * Use with `vi.mock('…/src/background/clipboard/platform/index.ts', () => import('./support/fake-clipboard.ts'))`.
 */
import { backgroundPageClipboard } from '../../../../src/background/clipboard/platform/background-page-clipboard.ts';

export const systemClipboard = { text: '', failReads: 0 };

interface FakeArea {
  value: string;
  focus(): void;
  remove(): void;
}

type CopyListener = (event: {
  clipboardData: { setData(type: string, data: string): void };
  preventDefault(): void;
}) => void;

const copyListeners = new Set<CopyListener>();
let focused: FakeArea | undefined;

const fakeDocument = {
  body: { append: () => undefined },
  addEventListener: (type: string, listener: CopyListener) => type === 'copy' && copyListeners.add(listener),
  removeEventListener: (_type: string, listener: CopyListener) => copyListeners.delete(listener),
  createElement(): FakeArea {
    const area: FakeArea = { value: '', focus: () => (focused = area), remove: () => (focused = undefined) };
    return area;
  },
  execCommand(command: string): boolean {
    if (command === 'copy') {
      let data: string | undefined;
      const event = {
        clipboardData: { setData: (_type: string, text: string) => (data = text) },
        preventDefault() {},
      };
      for (const listener of copyListeners) listener(event);
      if (data === undefined) return false;
      systemClipboard.text = data;
      return true;
    }
    if (command === 'paste') {
      if (systemClipboard.failReads > 0) {
        systemClipboard.failReads -= 1;
        throw new Error('the clipboard is not available');
      }
      if (focused) focused.value = systemClipboard.text;
      return true;
    }
    return false;
  },
};

Object.assign(globalThis, { document: fakeDocument });

export function resetClipboard(): void {
  systemClipboard.text = '';
  systemClipboard.failReads = 0;
}

export const isFirefox = true;
export const clipboardHands = backgroundPageClipboard;
