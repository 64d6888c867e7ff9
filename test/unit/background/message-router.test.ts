/** Only the extension's own pages may talk to the worker. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { routeMessage } from '../../../src/background/message-router.ts';
import { browser, resetWorkerBrowser } from './support/worker-browser.ts';

vi.mock('../../../src/shared/browser.ts', () => import('./support/worker-browser.ts'));

beforeEach(resetWorkerBrowser);

const listSessions = { channel: 'broker-sessions', type: 'listSessions' };

describe('message router', () => {
  it('answers the extension’s own popup', async () => {
    const sender = { id: browser.runtime.id, url: browser.runtime.getURL('src/popup/index.html') };
    expect(await routeMessage(listSessions, sender)).toEqual({ ok: true, value: [] });
  });

  it.each([
    [
      'another extension',
      () => ({ id: 'other-extension', url: 'chrome-extension://other-extension/page.html' }),
    ],
    ['a web page', () => ({ url: 'https://evil.example/' })],
    ['our id with a web URL', () => ({ id: browser.runtime.id, url: 'https://evil.example/' })],
    ['our id and no URL', () => ({ id: browser.runtime.id })],
  ])('refuses %s', async (_case, sender) => {
    const reply = await routeMessage(listSessions, sender());
    expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: 'Not allowed.' } });
  });

  it('leaves messages that are not requests to other listeners', () => {
    const sender = { id: browser.runtime.id, url: browser.runtime.getURL('src/popup/index.html') };
    expect(routeMessage({ channel: 'broker-sessions', type: 'changed' }, sender)).toBeUndefined();
    expect(routeMessage({ channel: 'broker-sessions', type: 'noSuchRequest' }, sender)).toBeUndefined();
    expect(routeMessage('hello', sender)).toBeUndefined();
  });
});
