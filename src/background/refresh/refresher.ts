import { brokers } from '../../brokers/index.ts';
import { DEFAULT_TIMEOUT_MS, type BrokerError, type Tokens } from '../../brokers/types.ts';
import { propagateChange } from '../propagate.ts';
import { keepsRefreshOnDisk, readProfile } from '../profiles/store.ts';
import { protocolDeps } from '../sessions/protocol-deps.ts';
import { nextRetryAt, retryDelay } from './timing.ts';
import { endExpiredSession, rejectSession } from '../sessions/end.ts';
import {
  heldRefreshToken,
  isLive,
  type LiveRecord,
  type RestoringRecord,
  type SessionRecord,
} from '../../shared/sessions/record.ts';
import { updateSession } from '../sessions/store.ts';
import { t } from '../../shared/i18n.ts';
import { errorInWords } from '../sessions/broker-words.ts';

/**
 * Failures worth another try: the broker may answer next time. A garbled answer counts too (a
 * proxy's hiccup); if the broker did rotate the token meanwhile, the retry is refused and the
 * session ends then. Anything else is a refusal.
 */
const TRANSIENT = new Set<BrokerError['code']>([
  'network',
  'timeout',
  'server-error',
  'rate-limited',
  'bad-response',
]);

/**
 * A redirect is not a refusal: nothing was sent on and the refresh token was not spent. But it is
 * a wrong base URL or a host that is no longer the broker's, which rarely mends itself, so it
 * gets this many tries in a row (a load balancer's switch-over), not one a minute until the end.
 */
const REDIRECTED_TRIES = 3;

function worthRetrying(code: BrokerError['code'], failures: number): boolean {
  return TRANSIENT.has(code) || (code === 'redirected' && failures < REDIRECTED_TRIES);
}

/** Why renewal stopped, in words that do not blame the broker for a redirect. */
function endingKey(code: BrokerError['code']) {
  if (code === 'redirected') return 'workerErrorRenewalRedirected' as const;
  return TRANSIENT.has(code)
    ? ('workerErrorRenewalTooLate' as const)
    : ('workerErrorRenewalRefused' as const);
}

/** Refreshes in progress in this worker: concurrent triggers share one request. */
const inFlight = new Map<string, Promise<void>>();

/**
 * Profiles whose renewal in flight answers a refusal seen on the API traffic: if that renewal
 * fails in any way (a time-out too), the session is Rejected at once instead of retried.
 */
const answeringRefusal = new Set<string>();

export interface RefreshOptions {
  /** The broker refused the tokens in force (refresh/refusal-response.ts): a failure ends the session. */
  afterRefusal?: boolean;
}

/** A renewal of this profile is out in this worker. */
export const isRefreshing = (profileId: string): boolean => inFlight.has(profileId);

/**
 * Refreshes a profile's tokens once, however many triggers (alarm, popup, wake-up, a refusal on
 * the API traffic) ask at the same time, so a rotating refresh token is never sent twice.
 */
export function refreshSession(profileId: string, options: RefreshOptions = {}): Promise<void> {
  if (options.afterRefusal) answeringRefusal.add(profileId);
  const running = inFlight.get(profileId);
  if (running) return running;
  const run = refreshOnce(profileId).finally(() => {
    inFlight.delete(profileId);
    answeringRefusal.delete(profileId);
  });
  inFlight.set(profileId, run);
  return run;
}

/** The last moment a retry still makes sense: the access token's end, or the refresh token's. */
function retryDeadline(tokens: Tokens, now: number): number {
  return tokens.accessToken ? tokens.expiresAt : (tokens.refreshExpiresAt ?? now + 5 * 60_000);
}

/**
 * A refresh must answer in time to be of use, and leave time for one more try if it does not:
 * half of what is left before the token it replaces runs out (2 to 15 s).
 */
function requestTimeout(deadline: number, now: number): number {
  return Math.min(DEFAULT_TIMEOUT_MS, Math.max(2_000, (deadline - now) / 2));
}

/** What a renewal sends: a live session's tokens, or a restored session's refresh token alone. */
function renewalTokens(record: LiveRecord | RestoringRecord): Tokens {
  return record.state === 'restoring'
    ? {
        accessToken: '',
        expiresAt: 0,
        refreshToken: record.refreshToken,
        refreshExpiresAt: record.refreshExpiresAt,
      }
    : record.tokens;
}

type Renewable = LiveRecord | RestoringRecord;
const isRenewable = (record: SessionRecord | undefined): record is Renewable =>
  isLive(record) || record?.state === 'restoring';

/** The record this renewal was asked for, and nothing that replaced it (a sign-out, a new sign-in). */
const isSame = (record: SessionRecord | undefined, sessionId: string): record is Renewable =>
  isRenewable(record) && record.sessionId === sessionId;

async function refreshOnce(profileId: string): Promise<void> {
  const profile = await readProfile(profileId);
  const refresh = profile ? brokers[profile.broker].refresh : undefined;
  if (!profile || !refresh) return;
  let claimed: Renewable | undefined;
  const startedAt = Date.now();
  await updateSession(profileId, (current) => {
    if (!isRenewable(current) || !heldRefreshToken(current)) return current;
    // The watchdog: if the worker is stopped mid-request, this alarm wakes it to try again.
    const deadline = retryDeadline(renewalTokens(current), startedAt);
    const timeoutMs = requestTimeout(deadline, startedAt);
    const retryAt = Math.min(startedAt + timeoutMs + 1_000, deadline - 500);
    claimed =
      current.state === 'restoring' ? { ...current, retryAt } : { ...current, state: 'refreshing', retryAt };
    return claimed;
  });
  if (!claimed) return;
  const { sessionId } = claimed;
  const sent = renewalTokens(claimed);
  await propagateChange();

  const timeoutMs = requestTimeout(retryDeadline(sent, startedAt), startedAt);
  const result = await refresh(profile, sent, { ...protocolDeps, timeoutMs });
  const now = Date.now();
  if (result.kind === 'active' && !result.tokens.accessToken) {
    // A restored "stay signed in" session whose broker only prolonged (Volven's older answer)
    // has no access token to use.
    return endExpiredSession(
      profileId,
      { code: 'session-expired', message: t('workerErrorRenewedWithoutToken') },
      sessionId,
    );
  }
  if (result.kind === 'active') {
    // Stored first (with its disk copy, if the profile still opts in), then the rules swap to it
    // in one update (propagateChange). A session signed out meanwhile stays signed out.
    const stillOptedIn = await keepsRefreshOnDisk(await readProfile(profileId));
    const afterRefusal = answeringRefusal.has(profileId);
    await updateSession(
      profileId,
      (current) =>
        isSame(current, sessionId)
          ? {
              profileId,
              state: 'active',
              sessionId,
              // Who signed in, and when, stays with the session through every renewal.
              username: current.username,
              signedInAt: (current.state === 'restoring' ? undefined : current.signedInAt) ?? now,
              tokens: result.tokens,
              tokensIssuedAt: now,
              ...(afterRefusal && { renewedAfterRefusalAt: now }),
              updatedAt: now,
            }
          : current,
      { staySignedIn: stillOptedIn },
    );
    await propagateChange();
    return;
  }
  const reason = errorInWords(result.error).message;
  // Renewing did not mend a session the broker refused: it is over, whatever the failure.
  if (answeringRefusal.has(profileId)) return rejectSession(profileId, sessionId);
  const failures = (claimed.refreshFailures ?? 0) + 1;
  const retryAt = worthRetrying(result.error.code, failures)
    ? nextRetryAt(now, retryDeadline(sent, now), retryDelay(failures, Math.random, result.error.retryAfterMs))
    : undefined;
  if (retryAt === undefined) {
    return endExpiredSession(
      profileId,
      { code: result.error.code, message: t(endingKey(result.error.code), reason) },
      sessionId,
    );
  }
  const error = { code: result.error.code, message: t('workerErrorRenewalRetrying', reason) };
  await updateSession(profileId, (current) => {
    if (!isSame(current, sessionId)) return current;
    const retry = { refreshFailures: failures, retryAt, error };
    return current.state === 'restoring'
      ? { ...current, ...retry }
      : { ...current, state: 'active', ...retry };
  });
  await propagateChange();
}
