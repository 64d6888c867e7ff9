import type { SessionState, SessionView } from '../shared/protocol.ts';

/** A session that cannot be renewed is "ending soon" this close to its end. */
export const ENDING_SOON_MS = 10 * 60_000;

/**
 * How urgently a profile needs the user, lowest first: a code to type, a session that ended or
 * failed, one about to end, work under way, then active, then signed out.
 */
const RANK: Record<SessionState, number> = {
  'code-required': 0,
  error: 1,
  expired: 1,
  rejected: 1,
  'signing-in': 3,
  refreshing: 4,
  restoring: 4,
  active: 4,
  'signed-out': 5,
};

function rank(session: SessionView, now: number): number {
  const active = session.state === 'active' || session.state === 'refreshing';
  if (
    active &&
    !session.renewable &&
    session.expiresAt !== undefined &&
    session.expiresAt - now < ENDING_SOON_MS
  )
    return 2;
  return RANK[session.state];
}

/** The profiles in the order the popup shows them: the one that needs attention first. */
export function byAttention(sessions: SessionView[], now: number): SessionView[] {
  return sessions
    .map((session, index) => ({ session, index, rank: rank(session, now) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ session }) => session);
}
