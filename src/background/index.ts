/**
 * The service worker's entry: it registers listeners, synchronously at the top level so that an
 * event that wakes the worker finds them, and nothing else. All state lives in storage.
 */
import { browser } from '../shared/browser.ts';
import { forgetApiTab } from './api-tabs.ts';
import { routeMessage } from './message-router.ts';
import { reconcile } from './reconcile.ts';
import { syncHeaderRules } from './rules-sync.ts';

browser.runtime.onMessage.addListener(routeMessage);

browser.tabs.onRemoved.addListener((tabId) => {
  void forgetApiTab(tabId).then(syncHeaderRules);
});

browser.runtime.onStartup.addListener(() => void reconcile());
browser.runtime.onInstalled.addListener(() => void reconcile());

void reconcile();
