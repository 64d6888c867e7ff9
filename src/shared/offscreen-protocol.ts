/** Messages from the worker to its offscreen document (Chrome's worker has no clipboard). */
export type OffscreenRequest =
  | { channel: 'broker-sessions-offscreen'; type: 'write'; text: string }
  | { channel: 'broker-sessions-offscreen'; type: 'clear-if'; fingerprint: string };

export interface OffscreenReply {
  done: boolean;
}

export function isOffscreenRequest(message: unknown): message is OffscreenRequest {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as OffscreenRequest).channel === 'broker-sessions-offscreen'
  );
}
