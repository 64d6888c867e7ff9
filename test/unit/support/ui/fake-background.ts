/**
 * The service worker as the pages see it, for component tests: `callBackground` answers from
 * handlers the test sets, and `onChanged` listeners can be fired. The pages talk to the worker
 * only through src/shared/messaging.ts, so this is the one seam (the worker itself has its own
 * tests). Use with `vi.mock('../../../src/shared/messaging.ts', () => import('./support/fake-background.ts'))`.
 */
import type { MessageInput, MessageType, Reply } from '../../../../src/shared/protocol.ts';

type Handler<K extends MessageType> = (input: MessageInput<K>) => Reply<K> | Promise<Reply<K>>;

const handlers = new Map<MessageType, Handler<MessageType>>();
const listeners = new Set<() => void>();
/** Every request the page made, in order, for tests that check what was asked. */
export const calls: { type: MessageType; input: unknown }[] = [];

export function answer<K extends MessageType>(type: K, handler: Handler<K>): void {
  handlers.set(type, handler as unknown as Handler<MessageType>);
}

export function resetBackground(): void {
  handlers.clear();
  listeners.clear();
  calls.length = 0;
}

/** What the worker's change notice does: every open page re-reads. */
export function fireChanged(): void {
  for (const listener of listeners) listener();
}

export async function callBackground<K extends MessageType>(
  type: K,
  ...args: MessageInput<K> extends undefined ? [] : [MessageInput<K>]
): Promise<Reply<K>> {
  calls.push({ type, input: args[0] });
  const handler = handlers.get(type) as Handler<K> | undefined;
  if (!handler) return { ok: false, error: { code: 'no-reply', message: `No answer for ${type}` } };
  return handler(args[0] as MessageInput<K>);
}

export function onChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
