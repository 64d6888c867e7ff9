import { browser } from '../../shared/browser.ts';
import { sessionItems } from '../../shared/storage-items.ts';

/** Settles at the next change of the stored sessions, after `timeoutMs`, or on abort: whichever is first. */
export function sessionChange(timeoutMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      browser.storage.onChanged.removeListener(onChanged);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === sessionItems.sessions.area && sessionItems.sessions.key in changes) done();
    };
    const timer = setTimeout(done, Math.max(0, timeoutMs));
    browser.storage.onChanged.addListener(onChanged);
    signal.addEventListener('abort', done);
  });
}
