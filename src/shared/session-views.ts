import { browser } from './browser.ts';
import { profilesInForce } from './policy-in-force.ts';
import type { SessionView } from './protocol.ts';
import { summarizeTraffic } from './sessions/traffic.ts';
import { liveSessionIds, toView } from './sessions/view.ts';
import { localItems, profileItems, sessionItems } from './storage-items.ts';
import { readItems } from './storage.ts';

/**
 * The popup's list, read from storage as the worker keeps it: extension pages may read
 * storage.local and storage.session themselves, which costs about what a blank page costs and
 * does not wake the worker (the round trip to it cost 30–60 ms, and ≈ 3 s after a browser start,
 * while it waited for the policy). Only the public part of each session is read
 * (`sessionItems.sessions`; the secrets are a key of their own that pages never read), and the
 * view is the worker's own (shared/sessions/view.ts), so the two can never disagree. Commands
 * still go to the worker.
 */

/**
 * Every profile's view, in the worker's order; undefined before the worker has read the
 * administrator's policy for the first time (a fresh install), when the profiles are not known yet.
 */
export async function readSessionViews(now = Date.now()): Promise<SessionView[] | undefined> {
  const [policy, own, records] = await readItems([
    localItems.managedPolicy,
    localItems.profiles,
    sessionItems.sessions,
  ] as const);
  if (!policy) return undefined;
  const profiles = profilesInForce(policy, own);
  const live = liveSessionIds(profiles.map((profile) => records[profile.id]));
  const [usernames, refused, traffic] = await Promise.all([
    readItems(profiles.map((profile) => profileItems.username.of(profile.id))),
    readItems(profiles.map((profile) => profileItems.refusedPasswords.of(profile.id))),
    readItems(live.map(({ profileId }) => profileItems.traffic.of(profileId))),
  ]);
  const summaries = new Map(
    live.map(({ profileId, sessionId }, index) => [
      profileId,
      summarizeTraffic(traffic[index]!, sessionId, now),
    ]),
  );
  return profiles.map((profile, index) =>
    toView(
      profile,
      records[profile.id],
      { username: usernames[index], refusedPasswords: refused[index]! },
      summaries.get(profile.id),
    ),
  );
}

const VIEW_KEYS = [localItems.managedPolicy.key, localItems.profiles.key, sessionItems.sessions.key];
const VIEW_PREFIXES = [profileItems.username, profileItems.refusedPasswords, profileItems.traffic].map(
  (items) => items.prefix,
);

/** The storage keys the views are made of. */
const concernsViews = (key: string) =>
  VIEW_KEYS.includes(key) || VIEW_PREFIXES.some((prefix) => key.startsWith(prefix));

/** Calls `listener` whenever something the views are made of changes; returns an unsubscribe. */
export function onSessionViewsChanged(listener: () => void): () => void {
  const handler = (changes: Record<string, unknown>, area: string) => {
    if ((area === 'local' || area === 'session') && Object.keys(changes).some(concernsViews)) listener();
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
