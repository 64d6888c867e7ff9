/**
 * Profiles on the real broker sandbox (run in this Node process, reached over 127.0.0.1 by the
 * worker's own protocol code), and readers of the state the worker leaves behind.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { TOTP } from 'otpauth';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  startSandbox,
  type Sandbox,
  type SandboxBroker,
  type SandboxOptions,
} from '../../../../sandbox/index.ts';
import { writeProfile } from '../../../../src/background/profiles/store.ts';
import { readSession } from '../../../../src/background/sessions/store.ts';
import type {
  CodeRequiredRecord,
  EndedRecord,
  LiveRecord,
  RestoringRecord,
  SessionRecord,
} from '../../../../src/shared/sessions/record.ts';
import type { Profile } from '../../../../src/shared/profile.ts';
import { resetWorkerBrowser, sessionRules } from './worker-browser.ts';

export const DEMO = {
  volven: { username: 'trader@volven.test', password: 'volven-demo' },
  etna: { username: 'etna-trader', password: 'etna-demo' },
  traderevolution: { username: 'te-trader', password: 'te-demo' },
} as const;

export function addProfile(
  sandbox: Sandbox,
  broker: SandboxBroker,
  extra: Partial<Profile> = {},
): Promise<Profile> {
  return writeProfile({
    name: `${broker} desk`,
    broker,
    apiBaseUrl: sandbox.loopbackUrls[broker],
    appKey: broker === 'etna' ? 'demo-app-key' : undefined,
    webAppOrigins: [`https://app.${broker}.example`],
    staySignedIn: false,
    refreshMarginSec: 5,
    ...extra,
  });
}

export const totp = (sandbox: Sandbox) =>
  new TOTP({ secret: sandbox.totpSecret, algorithm: 'SHA1', digits: 6, period: 30 }).generate();

/** A stored record with every state's fields readable (absent where its state has none), for assertions. */
export type StoredSession = { state: SessionRecord['state']; profileId: string } & Partial<
  Omit<LiveRecord, 'state'> &
    Omit<CodeRequiredRecord, 'state'> &
    Omit<RestoringRecord, 'state'> &
    Omit<EndedRecord, 'state'>
>;

export async function storedSession(profileId: string): Promise<StoredSession | undefined> {
  // Through the store: the record is kept in two parts (its public part and its secrets).
  return readSession(profileId);
}

/** The Authorization values the session rules attach, by rule id. */
export function attachedTokens(): string[] {
  return [...sessionRules.rules.values()].flatMap(
    (rule) =>
      rule.action.requestHeaders
        ?.filter((header) => header.header === 'Authorization')
        .map((header) => header.value ?? '') ?? [],
  );
}

export async function alarmNames(): Promise<string[]> {
  return (await fakeBrowser.alarms.getAll()).map((alarm) => alarm.name).sort();
}

export const latestAccess = (sandbox: Sandbox, broker: SandboxBroker) =>
  sandbox.issuedTokens({ broker, kind: 'access' }).at(-1)!.token;

/**
 * One sandbox for a test file, and a clean browser and sandbox state before each test. Returns
 * the getter for the running sandbox.
 */
export function useSandbox(options?: SandboxOptions): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => void (sandbox = await startSandbox(options)));
  afterAll(() => sandbox?.close());
  beforeEach(() => {
    resetWorkerBrowser();
    sandbox!.reset();
  });
  return () => sandbox!;
}

/** The value stored under `key`, out of its version envelope (storage-items.ts); undefined if none. */
export async function storedValue(area: 'local' | 'session', key: string): Promise<unknown> {
  const raw = (await fakeBrowser.storage[area].get(key))[key] as
    { storageVersion?: number; value?: unknown } | undefined;
  return raw?.storageVersion === undefined ? raw : raw.value;
}
