import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { t } from '../shared/i18n.ts';
import type { SessionView } from '../shared/protocol.ts';
import type { AppError } from '../shared/result.ts';
import { onSessionViewsChanged, readSessionViews } from '../shared/session-views.ts';

let firstLoad: ReturnType<typeof readSessionViews> | undefined;

/**
 * Reads the sessions before the first render (main.tsx calls it first thing): the storage reads
 * overlap with rendering instead of following it.
 */
export function prefetchSessions(): void {
  firstLoad = readSessionViews();
}

/**
 * The sessions as storage holds them (the worker's own view of them, shared/session-views.ts),
 * re-read whenever storage changes. Undefined until the first read, and on a fresh install until
 * the worker has read the administrator's policy.
 */
export function useSessions(): { sessions: SessionView[] | undefined; loadError: AppError | undefined } {
  const [sessions, setSessions] = useState<SessionView[]>();
  const [loadError, setLoadError] = useState<AppError>();
  // A layout effect, not useEffect: Preact runs effects only after the next frame, so the first
  // read would wait for a paint before the list could show it.
  useLayoutEffect(() => {
    let latest = 0;
    const load = async () => {
      const read = (latest += 1);
      const pending = firstLoad ?? readSessionViews();
      firstLoad = undefined;
      try {
        const views = await pending;
        // For the benchmark's breakdown: when the first read of storage came back.
        if (!performance.getEntriesByName('popup-data').length) performance.mark('popup-data');
        // Reads overlap when changes come in bursts: only the latest one is shown.
        if (read !== latest) return;
        if (views) setSessions(views);
        setLoadError(undefined);
      } catch {
        if (read === latest) setLoadError({ code: 'storage', message: t('workerErrorInternal') });
      }
    };
    void load();
    const unsubscribe = onSessionViewsChanged(() => void load());
    return () => {
      latest = Number.NaN; // no read answers after unmount
      unsubscribe();
    };
  }, []);
  return { sessions, loadError };
}

/** The current time, ticking once a second, for countdowns. */
export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
