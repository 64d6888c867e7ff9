import type { Profile } from '../profile.ts';
import type { SessionDetails } from '../protocol.ts';
import { refreshDueAt } from './refresh-due.ts';
import type { PublicLiveRecord } from './record.ts';
import type { TrafficSummary } from './traffic.ts';

/** The details view of a live session (pure: it is given the session without its secrets, and the traffic). */
export function sessionDetails(
  profile: Profile,
  record: PublicLiveRecord,
  traffic: TrafficSummary,
  renewable: boolean,
): SessionDetails {
  const { tokens, tokensIssuedAt } = record;
  const renews = renewable && record.refreshable;
  const signedInAt = record.signedInAt;
  return {
    signedInAt,
    // The tokens in force came from a renewal when they arrived after the sign-in.
    lastRenewalAt: signedInAt !== undefined && tokensIssuedAt > signedInAt ? tokensIssuedAt : undefined,
    nextRenewalAt: renews
      ? (record.retryAt ?? refreshDueAt(tokensIssuedAt, tokens.expiresAt, profile.refreshMarginSec))
      : undefined,
    endsAt: tokens.expiresAt,
    requestsLastHour: traffic.requestsLastHour,
    lastRefusal: traffic.lastRefusal,
    jwt: record.jwt,
  };
}
