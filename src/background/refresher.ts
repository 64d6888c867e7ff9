import { brokers } from '../brokers/index.ts';
import { DEFAULT_TIMEOUT_MS, type BrokerError, type Tokens } from '../brokers/types.ts';
import { afterChange } from './after-change.ts';
import { persistRefresh } from './persisted-refresh.ts';
import { readProfile } from './profile-store.ts';
import { protocolDeps } from './protocol-deps.ts';
import { nextRetryAt, retryDelay } from './refresh-timing.ts';
import { endExpiredSession } from './session-end.ts';
import { updateSession, type SessionRecord } from './session-store.ts';
import { t } from '../shared/i18n.ts';
import { errorInWords } from './broker-words.ts';

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
 * Refreshes a profile's tokens once, however many triggers (alarm, popup, wake-up) ask at the
 * same time, so a rotating refresh token is never sent twice.
 */
export function refreshSession(profileId: string): Promise<void> {
  const running = inFlight.get(profileId);
  if (running) return running;
  const run = refreshOnce(profileId).finally(() => inFlight.delete(profileId));
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

async function refreshOnce(profileId: string): Promise<void> {
  const profile = await readProfile(profileId);
  const refresh = profile ? brokers[profile.broker].refresh : undefined;
  if (!profile || !refresh) return;
  let claimed: SessionRecord | undefined;
  const startedAt = Date.now();
  await updateSession(profileId, (current) => {
    const usable = current?.state === 'active' || current?.state === 'refreshing';
    if (!usable || !current.tokens?.refreshToken) return current;
    // The watchdog: if the worker is stopped mid-request, this alarm wakes it to try again.
    const deadline = retryDeadline(current.tokens, startedAt);
    const timeoutMs = requestTimeout(deadline, startedAt);
    claimed = {
      ...current,
      state: 'refreshing',
      retryAt: Math.min(startedAt + timeoutMs + 1_000, deadline - 500),
    };
    return claimed;
  });
  if (!claimed?.tokens) return;
  await afterChange();

  const timeoutMs = requestTimeout(retryDeadline(claimed.tokens, startedAt), startedAt);
  const result = await refresh(profile, claimed.tokens, { ...protocolDeps, timeoutMs });
  const now = Date.now();
  if (result.kind === 'active' && !result.tokens.accessToken) {
    // A restored "stay signed in" session whose broker only prolonged (Volven's older answer)
    // has no access token to use.
    return endExpiredSession(profileId, {
      code: 'session-expired',
      message: t('workerErrorRenewedWithoutToken'),
    });
  }
  if (result.kind === 'active') {
    // Stored first, then the rules swap to it in one update (afterChange).
    await updateSession(profileId, (current) =>
      current?.state === 'refreshing'
        ? {
            profileId,
            state: 'active',
            tokens: result.tokens,
            tokensIssuedAt: now,
            attempt: current.attempt,
            updatedAt: now,
          }
        : current,
    );
    if (profile.staySignedIn) await persistRefresh(profileId, result.tokens);
    await afterChange();
    return;
  }
  const failures = (claimed.refreshFailures ?? 0) + 1;
  const reason = errorInWords(result.error).message;
  const retryAt = worthRetrying(result.error.code, failures)
    ? nextRetryAt(
        now,
        retryDeadline(claimed.tokens, now),
        retryDelay(failures, Math.random, result.error.retryAfterMs),
      )
    : undefined;
  if (retryAt === undefined) {
    return endExpiredSession(profileId, {
      code: result.error.code,
      message: t(endingKey(result.error.code), reason),
    });
  }
  await updateSession(profileId, (current) =>
    current?.state === 'refreshing'
      ? {
          ...current,
          state: 'active',
          refreshFailures: failures,
          retryAt,
          error: {
            code: result.error.code,
            message: t('workerErrorRenewalRetrying', reason),
          },
        }
      : current,
  );
  await afterChange();
}
