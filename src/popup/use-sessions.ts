import { useEffect, useState } from 'preact/hooks';
import { callBackground, onChanged } from '../shared/messaging.ts';
import type { SessionView } from '../shared/protocol.ts';
import type { AppError } from '../shared/result.ts';

/** The sessions as the worker sees them, re-read whenever it says something changed. */
export function useSessions(): { sessions: SessionView[] | undefined; loadError: AppError | undefined } {
  const [sessions, setSessions] = useState<SessionView[]>();
  const [loadError, setLoadError] = useState<AppError>();
  useEffect(() => {
    let live = true;
    const load = async () => {
      const reply = await callBackground('listSessions');
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
