import {
  profileItems,
  type ProfileTraffic,
  type Refusal,
  type SessionTraffic,
} from '../../shared/storage-items.ts';
import { readItems, removeItem, write, writeItems } from '../../shared/storage.ts';
import { HOUR_MS, minuteOf, summarizeTraffic, type TrafficSummary } from '../../shared/sessions/traffic.ts';
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
export type { ProfileTraffic, Refusal, SessionTraffic } from '../../shared/storage-items.ts';
export type { TrafficSummary } from '../../shared/sessions/traffic.ts';

const FLUSH_MS = 1_000;
const trafficOf = (profileId: string) => profileItems.traffic.of(profileId);

const cache = new Map<string, ProfileTraffic>();
const dirty = new Set<string>();
let flushTimer: ReturnType<typeof setTimeout> | undefined;

async function load(profileIds: string[]): Promise<void> {
  const missing = profileIds.filter((profileId) => !cache.has(profileId));
  if (missing.length === 0) return;
  // A stored value of another shape (an older version) starts over rather than being trusted.
  const stored = await readItems(missing.map(trafficOf));
  // Another call may have loaded (and changed) one meanwhile: the first copy wins.
  missing.forEach((profileId, index) => {
    if (!cache.has(profileId)) cache.set(profileId, stored[index]!);
  });
}

function scheduleFlush(profileId: string): void {
  dirty.add(profileId);
  flushTimer ??= setTimeout(() => void flushTraffic(), FLUSH_MS);
}

/** Writes what changed since the last write (also called before the numbers are shown). */
export async function flushTraffic(): Promise<void> {
  if (flushTimer !== undefined) clearTimeout(flushTimer);
  flushTimer = undefined;
  const writes = [...dirty].map((profileId) => write(trafficOf(profileId), cache.get(profileId)!));
  dirty.clear();
  if (writes.length === 0) return;
  await writeItems(writes);
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

export async function readTraffic(
  sessions: { profileId: string; sessionId: string }[],
  now: number,
): Promise<Map<string, TrafficSummary>> {
  await load(sessions.map((session) => session.profileId));
  return new Map(
    sessions.map(({ profileId, sessionId }) => [
      profileId,
      summarizeTraffic(cache.get(profileId)!, sessionId, now),
    ]),
  );
}

/** A removed profile leaves nothing behind. */
export async function forgetTraffic(profileId: string): Promise<void> {
  cache.delete(profileId);
  dirty.delete(profileId);
  await removeItem(trafficOf(profileId));
}
