import { browser } from './browser.ts';
import { t } from './i18n.ts';
import type { ChangedNotice, MessageInput, MessageType, Reply, RequestMessage } from './protocol.ts';
import { fail } from './result.ts';

/** The pages' only way to reach the service worker: typed, and always a Result. */
export async function callBackground<K extends MessageType>(
  type: K,
  ...args: MessageInput<K> extends undefined ? [] : [MessageInput<K>]
): Promise<Reply<K>> {
  const message: RequestMessage<K> = { channel: 'broker-sessions', type, input: args[0] as MessageInput<K> };
  try {
    const reply = (await browser.runtime.sendMessage(message)) as Reply<K> | undefined;
    return reply ?? fail('no-reply', t('messagingNoReply'));
  } catch {
    return fail('no-reply', t('messagingUnreachable'));
  }
}

export function isChangedNotice(message: unknown): message is ChangedNotice {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as ChangedNotice).channel === 'broker-sessions' &&
    (message as ChangedNotice).type === 'changed'
  );
}

/** Calls `listener` whenever the worker says sessions or profiles changed; returns an unsubscribe. */
export function onChanged(listener: () => void): () => void {
  const handler = (message: unknown) => {
    if (isChangedNotice(message)) listener();
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}
