import { browser } from '../../shared/browser.ts';
import { NO_POLICY, parseManagedPolicy, type ManagedPolicy } from '../../shared/managed-policy.ts';
import { localItems } from '../../shared/storage-items.ts';
import { readItem, writeItem } from '../../shared/storage.ts';

/**
 * The administrator's policy, in two reads, because `storage.managed.get` takes ≈ 3 s at its
 * first call after each browser start (then a few ms), and nothing on the way to a page may wait
 * for that:
 * - `readManagedPolicy`: the policy as last read, kept in storage.local. Rendering, the pages,
 *   header rules and alarms use it. Only before the very first read (a fresh install) is there
 *   none: then it waits for the browser, once.
 * - `readFreshManagedPolicy`: asks the browser, and keeps the answer when it changed. The worker
 *   asks at every wake-up and whenever the browser says the policy changed (index.ts → wake-up.ts),
 *   and a new policy is then applied like any change: cache written (pages follow it), sessions
 *   restored or not, rules, alarms and pages rebuilt.
 *
 * A policy that forbids something wins as soon as it is known, and nothing it could forbid is
 * done on the cached copy alone: saving, editing or removing a profile, saving settings,
 * restoring a session kept on disk, and writing a refresh token to disk ("Stay signed in") all
 * await the fresh read. What the cached copy may still allow in those ≈ 3 s is showing a profile
 * and signing in to it, which any policy allows for the profiles it lists.
 */
let asking: Promise<{ policy: ManagedPolicy; changed: boolean }> | undefined;

export async function readManagedPolicy(): Promise<ManagedPolicy> {
  return (await readItem(localItems.managedPolicy)) ?? readFreshManagedPolicy();
}

/** The browser's policy now; the callers at one moment share one request. */
export async function readFreshManagedPolicy(): Promise<ManagedPolicy> {
  return (await askTheBrowser()).policy;
}

/** Reads the policy fresh; true when it differs from the copy the worker kept (or there was none). */
export async function refreshManagedPolicy(): Promise<boolean> {
  return (await askTheBrowser()).changed;
}

function askTheBrowser(): Promise<{ policy: ManagedPolicy; changed: boolean }> {
  asking ??= askOnce().finally(() => (asking = undefined));
  return asking;
}

async function askOnce(): Promise<{ policy: ManagedPolicy; changed: boolean }> {
  const policy = parse(await browser.storage.managed.get().catch(() => undefined));
  const kept = await readItem(localItems.managedPolicy);
  const changed = kept === undefined || !sameJson(kept, policy);
  if (changed) await writeItem(localItems.managedPolicy, policy);
  return { policy, changed };
}

/**
 * No policy at all is the common case: Chrome answers {}, Firefox rejects when policies.json
 * names nothing for us.
 */
function parse(raw: unknown): ManagedPolicy {
  if (raw === undefined) return NO_POLICY;
  const { policy, problems } = parseManagedPolicy(raw);
  // Names fields only, never values: a policy may hold an app key.
  if (problems.length > 0)
    console.warn('Broker Sessions: parts of the managed policy were ignored:', problems);
  return policy;
}

/** Storage keeps no undefined fields and may reorder keys: compare what would be stored. */
function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([, field]) => field !== undefined)
              .sort(([x], [y]) => (x < y ? -1 : 1))
              .map(([key, field]) => [key, canonical(field)]),
          )
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
