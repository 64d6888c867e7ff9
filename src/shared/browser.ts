/**
 * The one place that imports the WebExtension API. On Chromium the polyfill hands back the
 * native promise-based API; on Firefox it is the native `browser`. Everything else imports from
 * here, so unit tests can swap in @webext-core/fake-browser by mocking one module.
 */
import browser from 'webextension-polyfill';

export { browser };
export type {
  Alarms,
  DeclarativeNetRequest,
  Permissions,
  Runtime,
  Storage,
  Tabs,
  WebRequest,
} from 'webextension-polyfill';
