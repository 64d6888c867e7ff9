import { browser } from './browser.ts';
import {
  cachedPolicy,
  OWN_PROFILES_KEY,
  ownProfiles,
  POLICY_CACHE_KEY,
  profilesInForce,
} from './policy-in-force.ts';
import type { SessionView } from './protocol.ts';
import type { SessionRecord } from './sessions/record.ts';
import { memoriesFrom, refusedKey, usernameKey } from './sessions/sign-in-memory.ts';
import { parseTraffic, summarizeTraffic, trafficKey } from './sessions/traffic.ts';
import { liveSessionIds, toView } from './sessions/view.ts';

/**
 * The popup's list, read from storage as the worker keeps it: extension pages may read
 * storage.local and storage.session themselves, which costs about what a blank page costs and
 * does not wake the worker (the round trip to it cost 30–60 ms, and ≈ 3 s after a browser start,
 * while it waited for the policy). The view is the worker's own (shared/sessions/view.ts), so the
 * two can never disagree. Commands still go to the worker.
 */

/** storage.session: every profile's session record (background/sessions/store.ts writes it). */
const SESSIONS_KEY = 'sessions';

/**
 * The session records as the view needs them. TODO(storage-items): until the record is split
 * (secrets under their own key, `sessions` the public part only), this read returns the whole
 * record, tokens included: they stay inside `readSessionViews` (the view never holds a token,
 * toView), and never reach the popup's state. Replace with the registry's public item.
 */
async function readSessionRecordsForView(): Promise<Record<string, SessionRecord>> {
  const stored = await browser.storage.session.get(SESSIONS_KEY);
  return (stored[SESSIONS_KEY] as Record<string, SessionRecord> | undefined) ?? {};
}

/**
 * Every profile's view, in the worker's order; undefined before the worker has read the
 * administrator's policy for the first time (a fresh install), when the profiles are not known yet.
 */
export async function readSessionViews(now = Date.now()): Promise<SessionView[] | undefined> {
  const [local, records] = await Promise.all([
    browser.storage.local.get([OWN_PROFILES_KEY, POLICY_CACHE_KEY]),
    readSessionRecordsForView(),
  ]);
  const policy = cachedPolicy(local);
  if (!policy) return undefined;
  const profiles = profilesInForce(policy, ownProfiles(local));
  const ids = profiles.map((profile) => profile.id);
  const live = liveSessionIds(profiles.map((profile) => records[profile.id]));
  const [usernames, perSession] = await Promise.all([
    browser.storage.local.get(ids.map(usernameKey)),
    browser.storage.session.get([
      ...ids.map(refusedKey),
      ...live.map(({ profileId }) => trafficKey(profileId)),
    ]),
  ]);
  const memories = memoriesFrom(ids, usernames, perSession);
  const traffic = new Map(
    live.map(({ profileId, sessionId }) => [
      profileId,
      summarizeTraffic(parseTraffic(perSession[trafficKey(profileId)]), sessionId, now),
    ]),
  );
  return profiles.map((profile) =>
    toView(profile, records[profile.id], memories.get(profile.id)!, traffic.get(profile.id)),
  );
}

/** The storage keys the views are made of. */
function concernsViews(key: string): boolean {
  return (
    key === OWN_PROFILES_KEY ||
    key === POLICY_CACHE_KEY ||
    key === SESSIONS_KEY ||
    [usernameKey(''), refusedKey(''), trafficKey('')].some((prefix) => key.startsWith(prefix))
  );
}

/** Calls `listener` whenever something the views are made of changes; returns an unsubscribe. */
export function onSessionViewsChanged(listener: () => void): () => void {
  const handler = (changes: Record<string, unknown>, area: string) => {
    if ((area === 'local' || area === 'session') && Object.keys(changes).some(concernsViews)) listener();
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
