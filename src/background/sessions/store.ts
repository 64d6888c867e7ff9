import {
  heldRefreshToken,
  joinRecord,
  publicRecord,
  secretsOf,
  type PublicSessionRecord,
  type SessionRecord,
  type SessionSecrets,
} from '../../shared/sessions/record.ts';
import { sessionItems } from '../../shared/storage-items.ts';
import { readItems, write, writeItems } from '../../shared/storage.ts';
import { forgetRefresh, persistRefresh } from './persisted-refresh.ts';
import { serially } from '../serial.ts';

export type { SessionRecord } from '../../shared/sessions/record.ts';

/**
 * Sessions live in storage.session (its public part and its secrets apart, storage-items.ts): in memory only, cleared when the browser closes, readable by
 * the extension's own pages and worker only (never by content scripts). The one exception is the
 * "Stay signed in" disk copy of a refresh token, which this module alone writes and removes, in the
 * same serial step as the session it belongs to.
 */
export async function readSessions(): Promise<Record<string, SessionRecord>> {
  const [stored, secrets] = await readItems([sessionItems.sessions, sessionItems.sessionSecrets]);
  const sessions: Record<string, SessionRecord> = {};
  for (const [profileId, record] of Object.entries(stored)) {
    const joined = joinRecord(record, secrets[profileId]);
    if (joined) sessions[profileId] = joined;
  }
  return sessions;
}

/**
 * Writes every session in two parts in one storage call: what pages may read, and the secrets
 * apart (shared/sessions/record.ts), so a page that renders from storage never holds a token.
 */
function writeSessions(sessions: Record<string, SessionRecord>): Promise<void> {
  const visible: Record<string, PublicSessionRecord> = {};
  const secrets: Record<string, SessionSecrets> = {};
  for (const [profileId, record] of Object.entries(sessions)) {
    visible[profileId] = publicRecord(record);
    const secret = secretsOf(record);
    if (secret) secrets[profileId] = secret;
  }
  return writeItems([write(sessionItems.sessions, visible), write(sessionItems.sessionSecrets, secrets)]);
}

export async function readSession(profileId: string): Promise<SessionRecord | undefined> {
  return (await readSessions())[profileId];
}

export interface UpdateOptions {
  /**
   * The profile opted in to "Stay signed in": the refresh token of the resulting session goes to
   * disk. Without it, nothing is written to disk (a copy already there is left to the rules below).
   */
  staySignedIn?: boolean;
}

/**
 * Replaces one session with what `change` makes of it (undefined removes it), atomically with
 * respect to every other change made through this function, and keeps the disk copy in step:
 * - a session that no longer holds a refresh token loses its disk copy BEFORE the session record
 *   changes, so a worker stopped in between can never bring a signed-out session back;
 * - a new refresh token reaches the disk only AFTER its session is stored, and only inside this
 *   step, so a sign-out that comes later (even while the answer was on its way) always wins.
 */
export function updateSession(
  profileId: string,
  change: (current: SessionRecord | undefined) => SessionRecord | undefined,
  options: UpdateOptions = {},
): Promise<SessionRecord | undefined> {
  return serially(async () => {
    const sessions = await readSessions();
    const current = sessions[profileId];
    const next = change(current);
    if (next === current) return current;
    const refresh = heldRefreshToken(next);
    if (!refresh) await forgetRefresh(profileId);
    if (next) sessions[profileId] = { ...next, updatedAt: Date.now() };
    else delete sessions[profileId];
    await writeSessions(sessions);
    if (refresh && options.staySignedIn) await persistRefresh(profileId, refresh);
    return next;
  });
}

/** Removes the disk copy of a profile's refresh token in the same order as every session change. */
export function forgetPersistedRefresh(profileId: string): Promise<void> {
  return serially(() => forgetRefresh(profileId));
}
