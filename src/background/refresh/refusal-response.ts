import { brokers } from '../../brokers/index.ts';
import { readProfile } from '../profiles/store.ts';
import { isRefreshing, refreshSession } from './refresher.ts';
import { rejectSession } from '../sessions/end.ts';
import { isLive } from '../../shared/sessions/record.ts';
import { readSession, updateSession } from '../sessions/store.ts';
import { countRefusalRenewal, recentRefusalRenewals } from '../traffic/store.ts';

/**
 * What the worker does when the broker refuses the token in force (traffic/watch.ts): recover
 * once, never loop.
 * - A renewable session renews at once, through the same single-flight refresh as the alarm (one
 *   request however many refusals arrive); the rules then carry the new token.
 * - The session is Rejected (rules removed, badge, notification) when it cannot renew (ETNA), when
 *   renewing fails in any way, when the renewed token is refused again soon after, when these
 *   tokens were already renewed once after a refusal, or past the hourly cap.
 * - Never an automatic sign-in: no password is kept.
 */

/** A refusal of the renewed token this soon after the renewal means renewing does not help. */
export const REFUSED_AGAIN_WINDOW_MS = 2 * 60_000;
/** Automatic renewals after a refusal, per profile and hour. */
export const REFUSAL_RENEWALS_PER_HOUR = 4;

export interface RefusedTokens {
  profileId: string;
  sessionId: string;
  /** Which tokens were refused: a refusal of tokens already replaced is ignored. */
  tokensIssuedAt: number;
}

type Decision = 'renew' | 'reject' | 'ignore';

/** The refused tokens are still the ones in force, unrenewed. */
async function stillRefused(refused: RefusedTokens): Promise<boolean> {
  const current = await readSession(refused.profileId);
  return (
    isLive(current) &&
    current.sessionId === refused.sessionId &&
    current.tokensIssuedAt === refused.tokensIssuedAt
  );
}

/**
 * Renewals after a refusal decided in this worker and not yet answered. Marked in the same step as
 * the decision: the refresher's own in-flight mark comes a few awaits later, and a refusal handled
 * in between must see that the renewal is coming, not reject the session.
 */
const renewing = new Set<string>();

export async function answerRefusal(refused: RefusedTokens): Promise<void> {
  const { profileId, sessionId } = refused;
  const profile = await readProfile(profileId);
  if (!profile) return;
  const renewable = brokers[profile.broker].refresh !== undefined;
  const now = Date.now();
  const underCap = (await recentRefusalRenewals(profileId, now)) < REFUSAL_RENEWALS_PER_HOUR;
  let decision = 'ignore' as Decision;
  // Decided and marked in one serial step, so a burst of refusals starts one renewal at most.
  await updateSession(profileId, (current) => {
    if (!isLive(current) || current.sessionId !== sessionId) return current;
    // Sent with tokens a renewal has replaced since: the new ones were not refused.
    if (current.tokensIssuedAt !== refused.tokensIssuedAt) return current;
    if (current.refusedRenewal?.tokensIssuedAt === current.tokensIssuedAt) {
      // One renewal per token: while it is out its answer decides; after it, this is final.
      decision = renewing.has(profileId) || isRefreshing(profileId) ? 'ignore' : 'reject';
      return current;
    }
    const refusedAgain =
      current.renewedAfterRefusalAt !== undefined &&
      now - current.renewedAfterRefusalAt < REFUSED_AGAIN_WINDOW_MS;
    if (!renewable || !current.tokens.refreshToken || refusedAgain || !underCap) {
      decision = 'reject';
      return current;
    }
    decision = 'renew';
    renewing.add(profileId);
    return { ...current, refusedRenewal: { tokensIssuedAt: current.tokensIssuedAt, at: now } };
  });
  if (decision === 'reject') return rejectSession(profileId, sessionId);
  if (decision !== 'renew') return;
  try {
    await countRefusalRenewal(profileId, now);
    await refreshSession(profileId, { afterRefusal: true });
    // The refresh is single-flight per profile: one already out for the session this one replaced
    // (a sign-in meanwhile) drops its answer, and these tokens were never renewed. Once more, then.
    if (await stillRefused(refused)) await refreshSession(profileId, { afterRefusal: true });
  } finally {
    renewing.delete(profileId);
  }
}
