/**
 * Requests to the service worker from one of the extension's pages, exactly as the popup and the
 * options page send them, typed by the protocol map: a wrong message name or input does not
 * compile, and the reply is the message's own `Reply`. For Chromium (Playwright) and Firefox
 * (Puppeteer over WebDriver BiDi) pages alike.
 */
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import type {
  MessageInput,
  MessageOutput,
  MessageType,
  Reply,
  RequestMessage,
} from '../../src/shared/protocol.ts';

/** An extension page (popup, options) in either browser. */
export type ExtensionPage = PlaywrightPage | PuppeteerPage;

type InputArgs<K extends MessageType> = MessageInput<K> extends undefined ? [] : [MessageInput<K>];

/** The one page-to-worker request; the reply as the page gets it. */
export async function callWorker<K extends MessageType>(
  page: ExtensionPage,
  type: K,
  ...args: InputArgs<K>
): Promise<Reply<K>> {
  const [reply] = await callWorkerTogether(page, type, [args[0] as MessageInput<K>]);
  return reply!;
}

/** The value of a request that must succeed; its error message otherwise. */
export async function workerValue<K extends MessageType>(
  page: ExtensionPage,
  type: K,
  ...args: InputArgs<K>
): Promise<MessageOutput<K>> {
  const reply = await callWorker(page, type, ...args);
  if (!reply.ok) throw new Error(`${type}: ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

/**
 * The same request several times, all sent by the page in one go (not one page round trip
 * apart), for tests of concurrent triggers.
 */
export async function callWorkerTogether<K extends MessageType>(
  page: ExtensionPage,
  type: K,
  inputs: MessageInput<K>[],
): Promise<Reply<K>[]> {
  const requests = inputs.map((input): RequestMessage<K> => ({ channel: 'broker-sessions', type, input }));
  // Both page kinds pass one serialisable argument to the function the same way.
  const evaluate = page.evaluate.bind(page) as (
    send: (requests: RequestMessage<K>[]) => Promise<unknown[]>,
    requests: RequestMessage<K>[],
  ) => Promise<unknown[]>;
  return (await evaluate(sendFromPage, requests)) as Reply<K>[];
}

/** Runs in the page: Firefox's pages have `browser`, Chromium's only `chrome`. */
function sendFromPage(requests: RequestMessage[]): Promise<unknown[]> {
  const ext = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
  return Promise.all(requests.map((request) => ext.runtime.sendMessage(request)));
}
