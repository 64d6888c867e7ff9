/**
 * What the worker has seen of each profile's API traffic (background/traffic/), as stored in
 * storage.session under `traffic:<profileId>`: counts, times, statuses and paths only; never a
 * token, a header value, a query string or a body. The worker writes it; the worker and the
 * popup read it, through the same parse and summary.
 */
export interface Refusal {
  /** Epoch ms when the answer arrived. */
  at: number;
  status: number;
  /** Below the API base URL, without the query. */
  path: string;
}

export interface SessionTraffic {
  /** The session these counts belong to: a new sign-in starts them over. */
  sessionId: string;
  /** Requests that carried the session's token, per minute (minutes since the epoch), the last hour. */
  perMinute: Record<string, number>;
  /** The last 401 or 403 among them. */
  lastRefusal?: Refusal;
}

export interface ProfileTraffic {
  session?: SessionTraffic;
  /** Epoch ms of each automatic renewal after a refusal in the last hour (the cap counts them). */
  refusalRenewals: number[];
}

export const HOUR_MS = 60 * 60_000;
export const trafficKey = (profileId: string) => `traffic:${profileId}`;

export const minuteOf = (at: number) => Math.floor(at / 60_000);

const isCount = (count: unknown) => typeof count === 'number' && Number.isFinite(count) && count >= 0;

/** Minutes since the epoch → a count, every one of them (a count of text would add up as text). */
const isPerMinute = (value: unknown): value is Record<string, number> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.entries(value).every(([minute, count]) => /^\d+$/.test(minute) && isCount(count));

const isRefusal = (value: unknown): value is Refusal => {
  const refusal = value as Partial<Refusal> | null;
  return (
    typeof refusal === 'object' &&
    refusal !== null &&
    typeof refusal.at === 'number' &&
    typeof refusal.status === 'number' &&
    typeof refusal.path === 'string'
  );
};

/** A stored value of another shape (an older version) starts over rather than being trusted. */
export function parseTraffic(value: unknown): ProfileTraffic {
  const empty: ProfileTraffic = { refusalRenewals: [] };
  if (typeof value !== 'object' || value === null) return empty;
  const stored = value as Partial<ProfileTraffic>;
  const renewals = Array.isArray(stored.refusalRenewals)
    ? stored.refusalRenewals.filter((at): at is number => typeof at === 'number')
    : [];
  const session = stored.session;
  const valid =
    typeof session === 'object' &&
    session !== null &&
    typeof session.sessionId === 'string' &&
    isPerMinute(session.perMinute) &&
    (session.lastRefusal === undefined || isRefusal(session.lastRefusal));
  return { refusalRenewals: renewals, ...(valid && { session }) };
}

/** What the details view shows of a session's traffic; nothing for another session's counts. */
export interface TrafficSummary {
  requestsLastHour: number;
  lastRefusal?: Refusal;
}

/** The last hour of `sessionId`'s requests, from its profile's stored traffic. */
export function summarizeTraffic(traffic: ProfileTraffic, sessionId: string, now: number): TrafficSummary {
  const session = traffic.session;
  if (session?.sessionId !== sessionId) return { requestsLastHour: 0 };
  const oldest = minuteOf(now - HOUR_MS);
  const requestsLastHour = Object.entries(session.perMinute)
    .filter(([minute]) => Number(minute) > oldest)
    .reduce((sum, [, count]) => sum + count, 0);
  return { requestsLastHour, lastRefusal: session.lastRefusal };
}
