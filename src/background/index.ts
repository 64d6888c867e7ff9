/**
 * The service worker's entry: it registers listeners, synchronously at the top level so that an
 * event that wakes the worker finds them, and nothing else. All state lives in storage.
 */
import { browser } from '../shared/browser.ts';
import { runAlarm } from './alarms/run.ts';
import { guardApiTab } from './api-tabs/guard.ts';
import { forgetClosedTab } from './api-tabs/closed.ts';
import { COPY_TOKEN_COMMAND, copyRecentToken } from './clipboard/copy-shortcut.ts';
import { routeMessage } from './message-router.ts';
import { wakeUp } from './wake-up.ts';
import { watchRedirects } from './traffic/redirect-watch.ts';
import { watchTraffic } from './traffic/watch.ts';
import { noteUpdateAvailable } from './update-gate.ts';
import { syncBridge, watchBridgeChanges } from './bridge/port.ts';
import { consentWindowClosed } from './bridge/consent.ts';

browser.runtime.onMessage.addListener(routeMessage);
watchRedirects();
// The broker's verdict on each session, from the answers to the requests that carried its token.
watchTraffic();
browser.alarms.onAlarm.addListener((alarm) => void runAlarm(alarm.name));
browser.tabs.onRemoved.addListener((tabId) => void forgetClosedTab(tabId));
// An API tab that leaves the API's scope stops being one (api-tabs/guard.ts).
browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status !== undefined || change.url !== undefined) void guardApiTab(tabId, tab);
});
browser.commands.onCommand.addListener((command) => {
  if (command === COPY_TOKEN_COMMAND) void copyRecentToken();
});
// An administrator's new policy may add or take away profiles and "Stay signed in".
browser.storage.onChanged.addListener((_changes, area) => {
  if (area === 'managed') void wakeUp().then(syncBridge);
});
// The token bridge (bridge/): programs holding headers hear of every change; closing a consent
// window is Deny; taking the permission back (the browser's extension page) closes the bridge.
watchBridgeChanges();
browser.windows.onRemoved.addListener((windowId) => void consentWindowClosed(windowId));
browser.permissions.onRemoved.addListener(() => void syncBridge());
browser.runtime.onStartup.addListener(() => void wakeUp());
// Updates wait until no session is in use (update-gate.ts).
browser.runtime.onUpdateAvailable.addListener(() => void noteUpdateAvailable());
browser.runtime.onInstalled.addListener(() => void wakeUp());

// Every wake-up, whatever woke the worker.
void wakeUp();
void syncBridge();
