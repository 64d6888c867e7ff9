import { browser } from '../../shared/browser.ts';
import { broadcastChanged } from '../signals/broadcast.ts';

/**
 * What the worker has seen of each profile's API traffic (traffic/watch.ts), for the session's
 * details view and for the cap on automatic renewals: counts, times, statuses and paths only;
 * never a token, a header value, a query string or a body. Kept in storage.session (memory only,
 * cleared with the browser session) under `traffic:<profileId>`.
 *
 * Requests come in bursts, so the counts are kept in memory and written at most once a second; a
 * worker stopped in between loses that second's counts, which only the details view would show.
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

const HOUR_MS = 60 * 60_000;
const FLUSH_MS = 1_000;
const key = (profileId: string) => `traffic:${profileId}`;

const cache = new Map<string, ProfileTraffic>();
const dirty = new Set<string>();
let flushTimer: ReturnType<typeof setTimeout> | undefined;

const minuteOf = (at: number) => Math.floor(at / 60_000);

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
function parse(value: unknown): ProfileTraffic {
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

async function load(profileIds: string[]): Promise<void> {
  const missing = profileIds.filter((profileId) => !cache.has(profileId));
  if (missing.length === 0) return;
  const stored = await browser.storage.session.get(missing.map(key));
  // Another call may have loaded (and changed) one meanwhile: the first copy wins.
  for (const profileId of missing)
    if (!cache.has(profileId)) cache.set(profileId, parse(stored[key(profileId)]));
}

function scheduleFlush(profileId: string): void {
  dirty.add(profileId);
  flushTimer ??= setTimeout(() => void flushTraffic(), FLUSH_MS);
}

/** Writes what changed since the last write (also called before the numbers are shown). */
export async function flushTraffic(): Promise<void> {
  if (flushTimer !== undefined) clearTimeout(flushTimer);
  flushTimer = undefined;
  const items = Object.fromEntries([...dirty].map((profileId) => [key(profileId), cache.get(profileId)]));
  dirty.clear();
  if (Object.keys(items).length === 0) return;
  await browser.storage.session.set(items);
  // An open popup's details view shows the new counts (at most once a second).
  broadcastChanged();
}

/** The one place a profile's traffic changes: in memory now, on storage within a second. */
async function change(profileId: string, edit: (traffic: ProfileTraffic) => void): Promise<void> {
  await load([profileId]);
  edit(cache.get(profileId)!);
  scheduleFlush(profileId);
}

/** The session's counts, started over when the session is another one. */
function sessionOf(traffic: ProfileTraffic, sessionId: string): SessionTraffic {
  if (traffic.session?.sessionId !== sessionId) traffic.session = { sessionId, perMinute: {} };
  return traffic.session;
}

function dropOld(perMinute: Record<string, number>, now: number): void {
  const oldest = minuteOf(now - HOUR_MS);
  for (const minute of Object.keys(perMinute)) if (Number(minute) <= oldest) delete perMinute[minute];
}

export function countRequest(profileId: string, sessionId: string, at: number): Promise<void> {
  return change(profileId, (traffic) => {
    const { perMinute } = sessionOf(traffic, sessionId);
    const minute = String(minuteOf(at));
    perMinute[minute] = (perMinute[minute] ?? 0) + 1;
    dropOld(perMinute, at);
  });
}

export function noteRefusal(profileId: string, sessionId: string, refusal: Refusal): Promise<void> {
  return change(profileId, (traffic) => {
    sessionOf(traffic, sessionId).lastRefusal = refusal;
  });
}

/** Automatic renewals after a refusal in the hour before `now`. */
export async function recentRefusalRenewals(profileId: string, now: number): Promise<number> {
  await load([profileId]);
  return cache.get(profileId)!.refusalRenewals.filter((at) => now - at < HOUR_MS).length;
}

export async function countRefusalRenewal(profileId: string, now: number): Promise<void> {
  await change(profileId, (traffic) => {
    traffic.refusalRenewals = [...traffic.refusalRenewals.filter((at) => now - at < HOUR_MS), now];
  });
  // Rare, and what keeps renewals from looping: on storage at once.
  await flushTraffic();
}

/** What the details view shows of a session's traffic; nothing for another session's counts. */
export interface TrafficSummary {
  requestsLastHour: number;
  lastRefusal?: Refusal;
}

export async function readTraffic(
  sessions: { profileId: string; sessionId: string }[],
  now: number,
): Promise<Map<string, TrafficSummary>> {
  await load(sessions.map((session) => session.profileId));
  const oldest = minuteOf(now - HOUR_MS);
  return new Map(
    sessions.map(({ profileId, sessionId }) => {
      const session = cache.get(profileId)!.session;
      if (session?.sessionId !== sessionId) return [profileId, { requestsLastHour: 0 }];
      const requestsLastHour = Object.entries(session.perMinute)
        .filter(([minute]) => Number(minute) > oldest)
        .reduce((sum, [, count]) => sum + count, 0);
      return [profileId, { requestsLastHour, lastRefusal: session.lastRefusal }];
    }),
  );
}

/** A removed profile leaves nothing behind. */
export async function forgetTraffic(profileId: string): Promise<void> {
  cache.delete(profileId);
  dirty.delete(profileId);
  await browser.storage.session.remove(key(profileId));
}
