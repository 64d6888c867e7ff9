import type { ProfileTraffic, Refusal } from '../storage-items.ts';

/**
 * What the details view shows of a session's traffic (the worker counts it, background/traffic/),
 * summed the same way by the worker and by the popup, which reads it from storage. Pure.
 */
export interface TrafficSummary {
  requestsLastHour: number;
  lastRefusal?: Refusal;
}

export const HOUR_MS = 60 * 60_000;
export const minuteOf = (at: number) => Math.floor(at / 60_000);

/** The last hour of `sessionId`'s requests; nothing for another session's counts. */
export function summarizeTraffic(traffic: ProfileTraffic, sessionId: string, now: number): TrafficSummary {
  const session = traffic.session;
  if (session?.sessionId !== sessionId) return { requestsLastHour: 0 };
  const oldest = minuteOf(now - HOUR_MS);
  const requestsLastHour = Object.entries(session.perMinute)
    .filter(([minute]) => Number(minute) > oldest)
    .reduce((sum, [, count]) => sum + count, 0);
  return { requestsLastHour, lastRefusal: session.lastRefusal };
}
