/**
 * Every piece of state the extension keeps, declared once: its key, its area, its shape, its
 * default and its version. The worker and the pages read and write storage only through these
 * items, so a value is always checked against its shape on the way in, and a value of an older
 * shape is migrated or dropped, never cast.
 *
 * On storage a value sits in an envelope with its version (`{ storageVersion, value }`). A value
 * without one was written before versions were kept: it counts as version 0, and is kept only if
 * it has the shape of today.
 */
import * as v from 'valibot';
import type { PendingChallenge } from '../brokers/types.ts';
import { browser } from './browser.ts';
import type { ClipboardPrint } from './fingerprint.ts';
import type { ManagedPolicy } from './managed-policy.ts';
import type { Profile } from './profile.ts';
import type { PublicSessionRecord, SessionSecrets } from './session-record.ts';
import { DEFAULT_SETTINGS, type Settings } from './settings.ts';

export type StorageArea = 'session' | 'local';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export interface StorageItem<T> {
  readonly key: string;
  readonly area: StorageArea;
  /** Raised whenever the stored shape changes, with a step in `migrate` from the one before. */
  readonly version: number;
  readonly schema: v.GenericSchema<unknown, T>;
  readonly fallback: () => T;
  /**
   * Turns a value stored by an older `version` into input for `schema`; undefined drops it.
   * By default an older value is kept only if it already has today's shape.
   */
  readonly migrate?: (value: unknown, version: number) => unknown;
}

interface Envelope {
  storageVersion: number;
  value: unknown;
}

const isEnvelope = (raw: unknown): raw is Envelope =>
  typeof raw === 'object' &&
  raw !== null &&
  typeof (raw as Envelope).storageVersion === 'number' &&
  Object.keys(raw).length === 2 &&
  'value' in raw;

/** What `raw` (as read from storage, or a change's `newValue`) holds for `item`. */
export function decodeItem<T>(item: StorageItem<T>, raw: unknown): T {
  if (raw === undefined) return item.fallback();
  const version = isEnvelope(raw) ? raw.storageVersion : 0;
  // A newer version's value (the extension was downgraded) is not guessed at.
  if (version > item.version) return item.fallback();
  let value = isEnvelope(raw) ? raw.value : raw;
  if (version < item.version && item.migrate) value = item.migrate(value, version);
  if (value === undefined) return item.fallback();
  const parsed = v.safeParse(item.schema, value);
  if (parsed.success) return parsed.output;
  // The key only: a value may hold a username or a token.
  console.warn(`Broker Sessions: a stored "${item.key}" of another shape was dropped`);
  return item.fallback();
}

export const encodeItem = <T>(item: StorageItem<T>, value: T): Envelope => ({
  storageVersion: item.version,
  value,
});

const areaOf = (area: StorageArea) => (area === 'session' ? browser.storage.session : browser.storage.local);

function byArea<I extends { area: StorageArea }>(items: I[]): Map<StorageArea, I[]> {
  const groups = new Map<StorageArea, I[]>();
  for (const item of items) groups.set(item.area, [...(groups.get(item.area) ?? []), item]);
  return groups;
}

export async function readItem<T>(item: StorageItem<T>): Promise<T> {
  const stored = await areaOf(item.area).get(item.key);
  return decodeItem(item, stored[item.key]);
}

type Values<I extends readonly StorageItem<unknown>[]> = {
  -readonly [K in keyof I]: I[K] extends StorageItem<infer T> ? T : never;
};

/** Several items in one read per area; the values in the order of `items`. */
export async function readItems<const I extends readonly StorageItem<unknown>[]>(
  items: I,
): Promise<Values<I>> {
  const raw = new Map<string, unknown>();
  await Promise.all(
    [...byArea([...items])].map(async ([area, group]) => {
      const stored = await areaOf(area).get(group.map((item) => item.key));
      for (const item of group) raw.set(`${area}:${item.key}`, stored[item.key]);
    }),
  );
  return items.map((item) => decodeItem(item, raw.get(`${item.area}:${item.key}`))) as Values<I>;
}

/** A value for each item; one write per area, so what is written together is seen together. */
export type ItemWrite = readonly [StorageItem<never>, unknown];
export const write = <T>(item: StorageItem<T>, value: T): ItemWrite => [item as StorageItem<never>, value];

export async function writeItems(writes: ItemWrite[]): Promise<void> {
  const groups = new Map<StorageArea, Record<string, Envelope>>();
  for (const [item, value] of writes) {
    const group = groups.get(item.area) ?? {};
    group[item.key] = { storageVersion: item.version, value };
    groups.set(item.area, group);
  }
  await Promise.all([...groups].map(([area, values]) => areaOf(area).set(values)));
}

export const writeItem = <T>(item: StorageItem<T>, value: T) => writeItems([write(item, value)]);

export async function removeItems(items: StorageItem<unknown>[]): Promise<void> {
  await Promise.all(
    [...byArea(items)].map(([area, group]) => areaOf(area).remove(group.map((item) => item.key))),
  );
}

export const removeItem = (item: StorageItem<unknown>) => removeItems([item]);

export function storageItem<T>(
  key: string,
  area: StorageArea,
  schema: v.GenericSchema<unknown, T>,
  fallback: () => NoInfer<T>,
  options: { version?: number; migrate?: StorageItem<T>['migrate'] } = {},
): StorageItem<T> {
  return { key, area, schema, fallback, version: options.version ?? 1, migrate: options.migrate };
}

/** Items of one kind, one per profile: `<prefix><profileId>`. */
export interface ItemFamily<T> {
  readonly prefix: string;
  readonly area: StorageArea;
  of(profileId: string): StorageItem<T>;
}

function family<T>(
  prefix: string,
  area: StorageArea,
  schema: v.GenericSchema<unknown, T>,
  fallback: () => NoInfer<T>,
): ItemFamily<T> {
  return { prefix, area, of: (profileId) => storageItem(`${prefix}${profileId}`, area, schema, fallback) };
}

/** The profiles that have an item of `items` on storage (one read of the whole area). */
export async function profilesWith(items: ItemFamily<unknown>): Promise<string[]> {
  const stored = await areaOf(items.area).get(null);
  return Object.keys(stored)
    .filter((key) => key.startsWith(items.prefix))
    .map((key) => key.slice(items.prefix.length));
}

/** A record of values of which only the valid ones are kept (one bad entry does not drop the rest). */
function validEntries<T>(entry: v.GenericSchema<unknown, T>): v.GenericSchema<unknown, Record<string, T>> {
  return v.pipe(
    v.custom<Record<string, unknown>>(isObject),
    v.transform((entries) => {
      const kept: Record<string, T> = {};
      for (const [name, value] of Object.entries(entries)) {
        const parsed = v.safeParse(entry, value);
        if (parsed.success) kept[name] = parsed.output;
      }
      return kept;
    }),
  );
}

const epochMs = v.number();

/**
 * The fields every state relies on are checked; the state's own optional fields travel along,
 * and `joinRecord` checks that a state's secrets are there. Checked by hand, not with a schema:
 * the rules rebuild reads every session at each change, and at 500 sessions a schema that copies
 * each record costs ~10 ms there, a predicate well under one.
 */
const isText = (value: unknown) => typeof value === 'string';
const isTime = (value: unknown) => typeof value === 'number' && Number.isFinite(value);

function isPublicRecord(value: unknown): value is PublicSessionRecord {
  if (!isObject(value) || !isText(value.profileId) || !isTime(value.updatedAt)) return false;
  switch (value.state) {
    case 'signing-in':
      return isText(value.attempt) && isText(value.username);
    case 'code-required':
      return (
        isText(value.attempt) &&
        isText(value.username) &&
        isObject(value.challenge) &&
        isText(value.challenge.type) &&
        isText(value.challenge.message) &&
        isTime(value.challengeExpiresAt)
      );
    case 'active':
    case 'refreshing':
      return (
        isText(value.sessionId) &&
        isTime(value.tokensIssuedAt) &&
        isObject(value.tokens) &&
        isTime(value.tokens.expiresAt)
      );
    case 'restoring':
      return isText(value.sessionId);
    case 'expired':
    case 'error':
    case 'rejected':
      return isObject(value.error) && isText(value.error.code) && isText(value.error.message);
    default:
      return false;
  }
}
const publicRecordSchema = v.custom<PublicSessionRecord>(isPublicRecord);

const isPending = (value: unknown): value is PendingChallenge =>
  isObject(value) && (value.broker === 'volven' || value.broker === 'etna');
const isSecrets = (value: unknown): value is SessionSecrets =>
  isObject(value) &&
  (value.accessToken === undefined || (isText(value.accessToken) && value.accessToken !== '')) &&
  (value.refreshToken === undefined || isText(value.refreshToken)) &&
  (value.pending === undefined || isPending(value.pending));
const secretsSchema = v.custom<SessionSecrets>(isSecrets);

const profileSchema = v.object({
  id: v.string(),
  name: v.string(),
  broker: v.picklist(['volven', 'etna', 'traderevolution']),
  apiBaseUrl: v.string(),
  appKey: v.optional(v.string()),
  webAppOrigins: v.array(v.string()),
  staySignedIn: v.boolean(),
  tokenLifetimeSec: v.optional(v.number()),
  refreshMarginSec: v.number(),
  managed: v.optional(v.literal(true)),
}) satisfies v.GenericSchema<unknown, Profile>;

const printSchema = v.object({ salt: v.string(), hash: v.string() }) satisfies v.GenericSchema<
  unknown,
  ClipboardPrint
>;

export const pendingClearSchema = v.object({ print: printSchema, clearAt: epochMs, failures: v.number() });
/** The one clear we owe the clipboard (clipboard/pending.ts says why it is on disk). */
export type PendingClear = v.InferOutput<typeof pendingClearSchema>;

const refusalSchema = v.object({ at: epochMs, status: v.number(), path: v.string() });
export type Refusal = v.InferOutput<typeof refusalSchema>;
const perMinuteSchema = v.record(v.pipe(v.string(), v.regex(/^\d+$/)), v.pipe(v.number(), v.minValue(0)));
const trafficSchema = v.object({
  session: v.optional(
    v.object({ sessionId: v.string(), perMinute: perMinuteSchema, lastRefusal: v.optional(refusalSchema) }),
  ),
  refusalRenewals: v.array(epochMs),
});
/** What the worker has seen of a profile's API traffic (traffic/store.ts). */
export type ProfileTraffic = v.InferOutput<typeof trafficSchema>;
export type SessionTraffic = NonNullable<ProfileTraffic['session']>;

const slotTable = v.record(v.string(), v.number());

const nonEmpty = v.pipe(v.string(), v.nonEmpty());

// ---- The registry ----------------------------------------------------------------------------

/** storage.session: memory only, cleared when the browser closes; the extension's pages and worker only. */
export const sessionItems = {
  /** Each profile's session without its secrets (session-record.ts): what pages render from. */
  sessions: storageItem('sessions', 'session', validEntries(publicRecordSchema), () => ({})),
  /** The secrets of those sessions, by profile id: read by the worker only. */
  sessionSecrets: storageItem('sessionSecrets', 'session', validEntries(secretsSchema), () => ({})),
  /** Rule id → print of the header rule as last applied (header-rules/applied.ts). */
  appliedHeaderRules: storageItem(
    'appliedHeaderRules',
    'session',
    v.optional(v.record(v.string(), v.string())),
    () => undefined,
  ),
  /** The rule-id slots those rules were built with (header-rules/slots.ts). */
  headerRuleSlots: storageItem(
    'headerRuleSlots',
    'session',
    v.optional(v.object({ apiTabs: v.optional(slotTable), webApps: v.optional(slotTable) })),
    () => undefined,
  ),
  /** Tab id → the profile whose token an API tab carries. */
  apiTabs: storageItem('apiTabs', 'session', v.record(v.string(), v.string()), () => ({})),
  /** Tab id → until when an API tab's first navigation may still land (epoch ms). */
  apiTabsOpening: storageItem('apiTabsOpening', 'session', v.record(v.string(), epochMs), () => ({})),
  /** The profile the user last signed in to, copied from or opened: the copy shortcut's target. */
  recentProfile: storageItem('recentProfile', 'session', v.optional(v.string()), () => undefined),
  /** An extension update waits for the sessions to end (update-gate.ts). */
  updatePending: storageItem('updatePending', 'session', v.boolean(), () => false),
} as const;

/** storage.local: on disk; never a secret except the opted-in refresh token. */
export const localItems = {
  /** The user's own profiles (the administrator's come from the policy). */
  profiles: storageItem(
    'profiles',
    'local',
    v.pipe(v.array(v.unknown()), v.transform(validProfiles)),
    () => [],
  ),
  settings: storageItem(
    'settings',
    'local',
    v.object({
      clipboardClearSec: v.optional(
        v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600)),
        DEFAULT_SETTINGS.clipboardClearSec,
      ),
    }),
    () => ({ ...DEFAULT_SETTINGS }),
  ) satisfies StorageItem<Settings>,
  /**
   * The administrator's policy as the worker last read it from storage.managed (parsed: managed
   * profiles with their ids). Pages and rendering use it, since the first read after a browser
   * start takes seconds; the worker refreshes it at every wake-up and on every change of the policy
   * (background/profiles/managed-policy.ts). Undefined until the first read ever.
   */
  managedPolicy: storageItem(
    'managedPolicy',
    'local',
    v.optional(v.custom<ManagedPolicy>(isCachedPolicy)),
    () => undefined,
  ),
  /** The one clipboard clear we owe, kept across a browser restart. */
  clipboardPendingClear: storageItem(
    'clipboardPendingClear',
    'local',
    v.optional(pendingClearSchema),
    () => undefined,
  ),
} as const;

/** Items kept per profile. */
export const profileItems = {
  /** The username of the profile's last successful sign-in (not a secret). */
  username: family('username:', 'local', v.optional(nonEmpty), () => undefined),
  /** Passwords the broker refused in a row, this browser session. */
  refusedPasswords: family('refusedPasswords:', 'session', v.pipe(v.number(), v.minValue(0)), () => 0),
  /** "Stay signed in": the refresh token on disk, only for a profile that opted in. */
  staySignedIn: family(
    'staySignedIn:',
    'local',
    v.optional(v.object({ refreshToken: nonEmpty, refreshExpiresAt: v.optional(v.number()) })),
    () => undefined,
  ),
  traffic: family('traffic:', 'session', trafficSchema, () => ({ refusalRenewals: [] })),
} as const;

/** The worker wrote it from a parsed policy: the shape is checked, not validated again. */
function isCachedPolicy(value: unknown): value is ManagedPolicy {
  return (
    isObject(value) &&
    Array.isArray(value.profiles) &&
    value.profiles.every((profile: unknown) => isObject(profile) && typeof profile.id === 'string') &&
    typeof value.forbidStaySignedIn === 'boolean' &&
    typeof value.hideProfileEditing === 'boolean' &&
    (value.clipboardClearSec === undefined || typeof value.clipboardClearSec === 'number')
  );
}

function validProfiles(entries: unknown[]): Profile[] {
  return entries.flatMap((entry) => {
    const parsed = v.safeParse(profileSchema, entry);
    return parsed.success ? [parsed.output] : [];
  });
}
