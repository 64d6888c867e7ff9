import { decodeJwt } from '../../brokers/jwt.ts';
import type { Profile } from '../profile.ts';
import type { JsonValue, SessionDetails } from '../protocol.ts';
import { refreshDueAt } from './refresh-due.ts';
import type { LiveRecord } from './record.ts';
import type { TrafficSummary } from './traffic.ts';

/**
 * A token's claims can be anything its issuer put there; the popup shows a readable amount of
 * them and no more (a claim that does not fit is left out, not cut in half).
 */
const MAX_JWT_JSON = 4_096;

function readableParts(token: string): SessionDetails['jwt'] {
  const parts = decodeJwt(token);
  if (!parts) return undefined;
  const jwt = {
    header: parts.header as Record<string, JsonValue>,
    claims: parts.claims as Record<string, JsonValue>,
  };
  return JSON.stringify(jwt).length <= MAX_JWT_JSON ? jwt : undefined;
}

/** The details view of a live session (pure: the worker reads the record and the traffic). */
export function sessionDetails(
  profile: Profile,
  record: LiveRecord,
  traffic: TrafficSummary,
  renewable: boolean,
): SessionDetails {
  const { tokens, tokensIssuedAt } = record;
  const renews = renewable && tokens.refreshToken !== undefined;
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
    jwt: readableParts(tokens.accessToken),
  };
}
