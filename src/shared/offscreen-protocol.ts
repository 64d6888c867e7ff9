import type { ClearOutcome } from './clipboard-dom.ts';
import type { ClipboardPrint } from './fingerprint.ts';

/** Messages from the worker to its offscreen document (Chrome's worker has no clipboard). */
export type OffscreenRequest =
  | { channel: 'broker-sessions-offscreen'; type: 'write'; text: string }
  | { channel: 'broker-sessions-offscreen'; type: 'clear-if'; print: ClipboardPrint };

export type OffscreenReply = { done: boolean } | { outcome: ClearOutcome };

export function isOffscreenRequest(message: unknown): message is OffscreenRequest {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as OffscreenRequest).channel === 'broker-sessions-offscreen'
  );
}
