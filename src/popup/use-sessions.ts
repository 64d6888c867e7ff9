import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { callBackground, onChanged } from '../shared/messaging.ts';
import type { SessionView } from '../shared/protocol.ts';
import type { AppError } from '../shared/result.ts';

let firstLoad: ReturnType<typeof callBackground<'listSessions'>> | undefined;

/**
 * Asks the worker for the sessions before the first render (main.tsx calls it first thing): the
 * round trip overlaps with loading and rendering instead of following them.
 */
export function prefetchSessions(): void {
  firstLoad = callBackground('listSessions');
}

/** The sessions as the worker sees them, re-read whenever it says something changed. */
export function useSessions(): { sessions: SessionView[] | undefined; loadError: AppError | undefined } {
  const [sessions, setSessions] = useState<SessionView[]>();
  const [loadError, setLoadError] = useState<AppError>();
  // A layout effect, not useEffect: Preact runs effects only after the next frame, so the
  // worker's answer to the prefetch would wait for a paint before the list could show it.
  useLayoutEffect(() => {
    let live = true;
    const load = async () => {
      const pending = firstLoad ?? callBackground('listSessions');
      firstLoad = undefined;
      const reply = await pending;
      // For the benchmark's breakdown: when the worker's first answer reached the page.
      if (!performance.getEntriesByName('popup-answer').length) performance.mark('popup-answer');
      if (!live) return;
      if (reply.ok) {
        setSessions(reply.value);
        setLoadError(undefined);
      } else setLoadError(reply.error);
    };
    void load();
    const unsubscribe = onChanged(() => void load());
    return () => {
      live = false;
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
