import { decodeJwt } from '../../brokers/jwt.ts';
import type { PendingChallenge, Tokens } from '../../brokers/types.ts';
import type { ChallengeView, JsonValue, SessionDetails } from '../protocol.ts';
import type { AppError } from '../result.ts';

/**
 * One profile's session as kept in storage.session, one shape per state, so that a state and
 * what it holds cannot disagree: only `active` and `refreshing` hold an access token, only
 * `restoring` holds a refresh token without one, only `code-required` holds a pending challenge.
 */
interface RecordBase {
  profileId: string;
  updatedAt: number;
}

/** Who the user signed in as: not a secret, shown in the popup ("Signed in as …"). */
interface Identity {
  /** The username typed at sign-in; a restored session has it only if the profile remembers one. */
  username?: string;
}

/** The sign-in request is out; `attempt` lets a cancel drop its late answer. */
export interface SigningInRecord extends RecordBase {
  state: 'signing-in';
  attempt: string;
  /** Carried through the code step, so the session knows whom it belongs to. */
  username: string;
}

export interface CodeRequiredRecord extends RecordBase {
  state: 'code-required';
  attempt: string;
  username: string;
  challenge: ChallengeView;
  /** SECRET for ETNA (holds the password while a code is pending): wiped on every exit of this state. */
  pending: PendingChallenge;
  /** The code step (and ETNA's password with it) ends then, counted from the first code step. */
  challengeExpiresAt: number;
  /** A code the broker refused, kept with the step so the user can try again. */
  error?: AppError;
}

/** What a session that renews itself carries from one renewal to the next. */
interface Renewal {
  /**
   * This session from its sign-in (or restore) to its end. A renewal answer is applied only to
   * the session it was asked for: after a sign-out, or a new sign-in, a late answer is dropped.
   */
  sessionId: string;
  /** Transient refresh failures in a row (reset by a successful refresh). */
  refreshFailures?: number;
  /** Epoch ms of the next refresh attempt, when a transient failure (or a request out) moved it. */
  retryAt?: number;
  /** The last transient renewal failure, shown while the session is still usable. */
  error?: AppError;
}

/** Tokens in force; `refreshing` while a renewal request is out (the current token stays in use). */
export interface LiveRecord extends RecordBase, Renewal, Identity {
  state: 'active' | 'refreshing';
  /** Never an empty access token: a record without one is `restoring`. */
  tokens: Tokens;
  /** Epoch ms when the current tokens arrived: with expiresAt it gives their lifetime. */
  tokensIssuedAt: number;
  /** The user was told this session (which cannot be refreshed) is about to end. */
  warned?: boolean;
  /** Epoch ms of the sign-in (or of the renewal that brought a "Stay signed in" session back). */
  signedInAt?: number;
  /**
   * The broker refused the tokens in force (a 401 seen on the API traffic) and one automatic
   * renewal was started for them: `tokensIssuedAt` names those tokens, so a second refusal of the
   * same tokens never starts another (refresh/refusal-response.ts).
   */
  refusedRenewal?: { tokensIssuedAt: number; at: number };
  /** Epoch ms: these tokens came from such an automatic renewal (a refusal soon after is final). */
  renewedAfterRefusalAt?: number;
}

/** After a browser restart ("Stay signed in"): a refresh token only, until its renewal answers. */
export interface RestoringRecord extends RecordBase, Renewal, Identity {
  state: 'restoring';
  refreshToken: string;
  refreshExpiresAt?: number;
}

/**
 * Over: the tokens are gone, the reason stays for the user. `rejected`: the broker stopped
 * accepting the session before its time (seen on the API traffic) and renewing did not mend it.
 */
export interface EndedRecord extends RecordBase {
  state: 'expired' | 'error' | 'rejected';
  error: AppError;
}

export type SessionRecord = SigningInRecord | CodeRequiredRecord | LiveRecord | RestoringRecord | EndedRecord;

export const isEnded = (record: SessionRecord | undefined): record is EndedRecord =>
  record?.state === 'expired' || record?.state === 'error' || record?.state === 'rejected';

export const isLive = (record: SessionRecord | undefined): record is LiveRecord =>
  record?.state === 'active' || record?.state === 'refreshing';

/**
 * The one answer to "may these tokens be used now": the header rules, Copy, the one-time-token
 * check and the API tab all ask this, and nothing else.
 */
export function usableTokens(record: SessionRecord | undefined, now: number): Tokens | undefined {
  if (!isLive(record) || !record.tokens.accessToken || record.tokens.expiresAt <= now) return undefined;
  return record.tokens;
}

/** A session that holds a refresh token, which is what a renewal (and the disk copy) needs. */
export function heldRefreshToken(
  record: SessionRecord | undefined,
): { refreshToken: string; refreshExpiresAt?: number } | undefined {
  if (record?.state === 'restoring')
    return { refreshToken: record.refreshToken, refreshExpiresAt: record.refreshExpiresAt };
  if (isLive(record) && record.tokens.refreshToken)
    return { refreshToken: record.tokens.refreshToken, refreshExpiresAt: record.tokens.refreshExpiresAt };
  return undefined;
}

/** A JWT's header and claims as the details view shows them (never the signature or the token). */
export type ReadableJwt = NonNullable<SessionDetails['jwt']>;

/**
 * A token's claims can be anything its issuer put there; the popup shows a readable amount of
 * them and no more (a claim that does not fit is left out, not cut in half).
 */
const MAX_JWT_JSON = 4_096;

function readableJwt(token: string): ReadableJwt | undefined {
  const parts = decodeJwt(token);
  if (!parts) return undefined;
  const jwt = {
    header: parts.header as Record<string, JsonValue>,
    claims: parts.claims as Record<string, JsonValue>,
  };
  return JSON.stringify(jwt).length <= MAX_JWT_JSON ? jwt : undefined;
}

/**
 * A session as pages may read it from storage: every secret taken out (the access and refresh
 * tokens, ETNA's held password and the broker's challenge state), with what the details view
 * needs of the token worked out beforehand. The worker stores sessions in this shape under
 * `sessions` and the secrets apart under `sessionSecrets` (storage-items.ts), so a page that
 * renders from storage never holds a token.
 */
export type PublicLiveRecord = Omit<LiveRecord, 'tokens'> & {
  tokens: Pick<Tokens, 'expiresAt' | 'refreshExpiresAt'>;
  /** The session holds a refresh token (what a renewal needs). */
  refreshable: boolean;
  jwt?: ReadableJwt;
};
export type PublicSessionRecord =
  | SigningInRecord
  | Omit<CodeRequiredRecord, 'pending'>
  | PublicLiveRecord
  | Omit<RestoringRecord, 'refreshToken'>
  | EndedRecord;

/** What `publicRecord` takes out of a session. */
export interface SessionSecrets {
  accessToken?: string;
  refreshToken?: string;
  pending?: PendingChallenge;
}

export const isLivePublic = (record: PublicSessionRecord | undefined): record is PublicLiveRecord =>
  record?.state === 'active' || record?.state === 'refreshing';

/** The session without its secrets (built field by field: a secret added later is not copied). */
export function publicRecord(record: SessionRecord): PublicSessionRecord {
  switch (record.state) {
    case 'code-required': {
      const { pending: _pending, ...rest } = record;
      return rest;
    }
    case 'active':
    case 'refreshing': {
      const { tokens, ...rest } = record;
      return {
        ...rest,
        tokens: { expiresAt: tokens.expiresAt, refreshExpiresAt: tokens.refreshExpiresAt },
        refreshable: tokens.refreshToken !== undefined,
        jwt: readableJwt(tokens.accessToken),
      };
    }
    case 'restoring': {
      const { refreshToken: _refreshToken, ...rest } = record;
      return rest;
    }
    default:
      return record;
  }
}

export function secretsOf(record: SessionRecord): SessionSecrets | undefined {
  if (record.state === 'code-required') return { pending: record.pending };
  if (isLive(record))
    return { accessToken: record.tokens.accessToken, refreshToken: record.tokens.refreshToken };
  if (record.state === 'restoring') return { refreshToken: record.refreshToken };
  return undefined;
}

/**
 * A record written before the secrets were kept apart (storage version 0, or a test's fixture)
 * holds them inline; the stored public part is a loose object, so they are still there.
 */
type MaybeInline = { pending?: PendingChallenge; refreshToken?: string; tokens?: Partial<Tokens> };

/**
 * The whole session again, from its public part and its secrets; undefined when a secret the
 * state needs is missing (a session cannot be live without its token: it is treated as absent).
 */
export function joinRecord(
  stored: PublicSessionRecord,
  secrets: SessionSecrets | undefined,
): SessionRecord | undefined {
  const inline = stored as MaybeInline;
  switch (stored.state) {
    case 'code-required': {
      const pending = secrets?.pending ?? inline.pending;
      return pending ? { ...stored, pending } : undefined;
    }
    case 'active':
    case 'refreshing': {
      const { refreshable: _refreshable, jwt: _jwt, tokens, ...rest } = stored;
      const accessToken = secrets?.accessToken ?? inline.tokens?.accessToken;
      if (!accessToken) return undefined;
      const full: Tokens = { expiresAt: tokens.expiresAt, accessToken };
      const refreshToken = secrets ? secrets.refreshToken : inline.tokens?.refreshToken;
      if (refreshToken !== undefined) full.refreshToken = refreshToken;
      if (tokens.refreshExpiresAt !== undefined) full.refreshExpiresAt = tokens.refreshExpiresAt;
      return { ...rest, tokens: full };
    }
    case 'restoring': {
      const refreshToken = secrets?.refreshToken ?? inline.refreshToken;
      return refreshToken ? { ...stored, refreshToken } : undefined;
    }
    default:
      return stored;
  }
}
