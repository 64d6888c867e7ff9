/**
 * The browser as the service worker sees it, for unit tests of the worker: @webext-core/fake-browser
 * (storage, alarms, tabs, runtime) plus what it lacks, kept small but faithful where the worker's
 * correctness depends on it:
 * - declarativeNetRequest session rules, applied atomically and refusing a duplicate id or an
 *   invalid header value (CR, LF, NUL) as Chrome does: the whole call fails, as in the browser;
 * - notifications and the badge, recorded so tests can read what the user was told.
 * Use with `vi.mock('…/src/shared/browser.ts', () => import('./support/worker-browser.ts'))`.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import type { DeclarativeNetRequest } from 'webextension-polyfill';
import { getMessage } from '../../support/english.ts';

type Rule = DeclarativeNetRequest.Rule;

class FakeSessionRules {
  rules = new Map<number, Rule>();

  getSessionRules(): Promise<Rule[]> {
    return Promise.resolve([...this.rules.values()].map((rule) => structuredClone(rule)));
  }

  updateSessionRules(options: { removeRuleIds?: number[]; addRules?: Rule[] }): Promise<void> {
    const next = new Map(this.rules);
    for (const id of options.removeRuleIds ?? []) next.delete(id);
    for (const rule of options.addRules ?? []) {
      // Chrome's check (net::HttpUtil::IsValidHeaderValue) fails the whole call, not only the rule.
      if (rule.action.requestHeaders?.some(({ value }) => /[\0\r\n]/.test(value ?? '')))
        return Promise.reject(
          new Error(`Rule with id ${rule.id} specifies an invalid request header value.`),
        );
      if (next.has(rule.id))
        return Promise.reject(new Error(`Rule with id ${rule.id} does not have a unique ID.`));
      next.set(rule.id, structuredClone(rule));
    }
    this.rules = next;
    return Promise.resolve();
  }
}

export const sessionRules = new FakeSessionRules();
// The worker's notifications and badge read their words from the real messages.json.
fakeBrowser.i18n.getMessage = getMessage as typeof fakeBrowser.i18n.getMessage;
export const notifications: { id: string; title: string; message: string }[] = [];
export const badge = { text: '', color: '' };

Object.assign(fakeBrowser, {
  declarativeNetRequest: sessionRules,
  notifications: {
    create(id: string, options: { title: string; message: string }) {
      notifications.push({ id, title: options.title, message: options.message });
      return Promise.resolve(id);
    },
    clear: () => Promise.resolve(true),
  },
  action: {
    setBadgeText: ({ text }: { text: string }) => Promise.resolve(void (badge.text = text)),
    setBadgeBackgroundColor: ({ color }: { color: string }) => Promise.resolve(void (badge.color = color)),
    setTitle: () => Promise.resolve(),
  },
});

/** A browser restart: memory-only state is gone, the disk (storage.local) stays. */
export async function restartBrowser(): Promise<void> {
  await fakeBrowser.storage.session.clear();
  sessionRules.rules.clear();
  await fakeBrowser.alarms.clearAll();
}

export function resetWorkerBrowser(): void {
  fakeBrowser.reset();
  sessionRules.rules.clear();
  notifications.length = 0;
  badge.text = '';
  badge.color = '';
}

export const browser = fakeBrowser;
