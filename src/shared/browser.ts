/**
 * The one place that imports the WebExtension API. On Firefox the polyfill is the native
 * `browser`. On Chromium it wraps `chrome`: the calls and events it knows answer with promises,
 * and a `runtime.onMessage` listener may reply by returning one (message-router.ts does); the
 * APIs it does not know (declarativeNetRequest, for one) are `chrome`'s own, which return
 * promises in MV3. Everything else imports from here, so unit tests can swap in
 * @webext-core/fake-browser by mocking one module; only Chrome's offscreen API, absent from the
 * polyfill's types, is reached as `chrome` (clipboard/platform/offscreen-clipboard.ts).
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
