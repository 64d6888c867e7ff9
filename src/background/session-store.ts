import type { PendingChallenge, Tokens } from '../brokers/types.ts';
import { browser } from '../shared/browser.ts';
import type { ChallengeView, SessionState } from '../shared/protocol.ts';
import type { AppError } from '../shared/result.ts';
import { serially } from './serial.ts';

/**
 * One profile's session as kept in storage.session: in memory only, cleared when the browser
 * closes, readable by the extension's own pages and worker only (never by content scripts).
 */
export interface SessionRecord {
  profileId: string;
  state: SessionState;
  tokens?: Tokens;
  challenge?: ChallengeView;
  /** SECRET for ETNA (holds the password while a code is pending): wiped on every exit of that state. */
  pending?: PendingChallenge;
  challengeExpiresAt?: number;
  error?: AppError;
  /** Epoch ms when the current tokens arrived: with expiresAt it gives their lifetime. */
  tokensIssuedAt?: number;
  /** Transient refresh failures in a row (reset by a successful refresh). */
  refreshFailures?: number;
  /** Epoch ms of the next refresh attempt, when a transient failure moved it. */
  retryAt?: number;
  /** The user was told this session (which cannot be refreshed) is about to end. */
  warned?: boolean;
  /** Identifies one sign-in attempt, so an answer that arrives after a cancel is dropped. */
  attempt?: string;
  updatedAt: number;
}

const KEY = 'sessions';

export async function readSessions(): Promise<Record<string, SessionRecord>> {
  const stored = await browser.storage.session.get(KEY);
  return (stored[KEY] as Record<string, SessionRecord> | undefined) ?? {};
}

export async function readSession(profileId: string): Promise<SessionRecord | undefined> {
  return (await readSessions())[profileId];
}

/**
 * Replaces one session with what `change` makes of it (undefined removes it), atomically with
 * respect to every other change made through this function.
 */
export function updateSession(
  profileId: string,
  change: (current: SessionRecord | undefined) => SessionRecord | undefined,
): Promise<SessionRecord | undefined> {
  return serially(async () => {
    const sessions = await readSessions();
    const next = change(sessions[profileId]);
    if (next) sessions[profileId] = { ...next, updatedAt: Date.now() };
    else delete sessions[profileId];
    await browser.storage.session.set({ [KEY]: sessions });
    return next;
  });
}

export function removeSessions(keep: (record: SessionRecord) => boolean): Promise<void> {
  return serially(async () => {
    const sessions = await readSessions();
    const kept = Object.fromEntries(Object.entries(sessions).filter(([, record]) => keep(record)));
    await browser.storage.session.set({ [KEY]: kept });
  });
}
