/**
 * Every piece of state the extension keeps, declared once: its key, its area, its shape, its
 * default and its version. The worker and the pages read and write storage only through these
 * items (with the functions of storage.ts), so no stored value is ever cast.
 */
import * as v from 'valibot';
import type { PendingChallenge } from '../brokers/types.ts';
import type { ClipboardPrint } from './fingerprint.ts';
import type { ManagedPolicy } from './managed-policy.ts';
import type { Profile } from './profile.ts';
import type { PublicSessionRecord, SessionSecrets } from './sessions/record.ts';
import { bridgeConsentSchema, bridgeGrantSchema, bridgeStatusSchema } from './bridge-items.ts';
import { DEFAULT_SETTINGS, type Settings } from './settings.ts';
import { family, isObject, storageItem, validEntries, type StorageItem } from './storage.ts';

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
  /** Each profile's session without its secrets (sessions/record.ts): what pages render from. */
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
  /**
   * Token bridge grants, in memory only: "for this browser session" ends with the browser, and
   * an hour's grant never outlives it either (a restart asks again).
   */
  bridgeGrants: storageItem('bridgeGrants', 'session', v.array(bridgeGrantSchema), () => []),
  /** The consent questions waiting for an answer (the consent window reads its own). */
  bridgeConsents: storageItem('bridgeConsents', 'session', v.array(bridgeConsentSchema), () => []),
  bridgeStatus: storageItem('bridgeStatus', 'session', bridgeStatusSchema, () => ({
    state: 'off' as const,
    at: 0,
  })),
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
    v.optional(
      v.pipe(
        v.custom<ManagedPolicy>(isCachedPolicy),
        // A copy kept before the policy had forbidTokenBridge: absent is "not forbidden".
        v.transform((policy) => ({ ...policy, forbidTokenBridge: policy.forbidTokenBridge === true })),
      ),
    ),
    () => undefined,
  ),
  /** "Let local programs use my sessions" (off by default; background/bridge/). */
  tokenBridge: storageItem('tokenBridge', 'local', v.object({ enabled: v.boolean() }), () => ({
    enabled: false,
  })),
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
    (value.forbidTokenBridge === undefined || typeof value.forbidTokenBridge === 'boolean') &&
    (value.clipboardClearSec === undefined || typeof value.clipboardClearSec === 'number')
  );
}

function validProfiles(entries: unknown[]): Profile[] {
  return entries.flatMap((entry) => {
    const parsed = v.safeParse(profileSchema, entry);
    return parsed.success ? [parsed.output] : [];
  });
}
