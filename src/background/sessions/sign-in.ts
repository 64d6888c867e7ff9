import { brokers } from '../../brokers/index.ts';
import type { BrokerError, LoginStep } from '../../brokers/types.ts';
import type { Profile } from '../../shared/profile.ts';
import type { SessionView } from '../../shared/protocol.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { forgetApiTabsOf } from '../api-tabs/store.ts';
import { propagateChange } from '../propagate.ts';
import { broadcastChanged } from '../signals/broadcast.ts';
import { keepsRefreshOnDisk, readProfile } from '../profiles/store.ts';
import { markRecent } from '../clipboard/recent-profile.ts';
import { protocolDeps } from './protocol-deps.ts';
import type { SessionRecord } from '../../shared/sessions/record.ts';
import { readSession, updateSession } from './store.ts';
import { viewWithMemory } from './view.ts';
import { countRefusedPassword, rememberSignIn } from './sign-in-memory.ts';
import { t } from '../../shared/i18n.ts';
import { unknownProfile } from './unknown-profile.ts';
import { challengeInWords, errorInWords } from './broker-words.ts';

/** How long a code step stays open; ETNA's password is held no longer than this. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

/** Failures at the code step after which the same code step can simply be tried again. */
const RETRYABLE_AT_CODE_STEP = new Set<BrokerError['code']>([
  'invalid-code',
  'rate-limited',
  'network',
  'timeout',
  'server-error',
  // A garbled answer may be a proxy's hiccup; the broker's challenge is likely still open.
  'bad-response',
]);

type Attempt = SessionRecord & { state: 'signing-in' | 'code-required' };

function nextRecord(current: Attempt, step: LoginStep, now: number): SessionRecord {
  const { profileId, attempt, username } = current;
  const base = { profileId, updatedAt: now };
  if (step.kind === 'active')
    // The attempt's id becomes the session's: a late answer for another session is dropped.
    return {
      ...base,
      state: 'active',
      sessionId: attempt,
      username,
      tokens: step.tokens,
      tokensIssuedAt: now,
      signedInAt: now,
    };
  if (step.kind === 'challenge')
    return {
      ...base,
      state: 'code-required',
      attempt,
      username,
      challenge: challengeInWords(step.challenge),
      pending: step.pending,
      // A second challenge (a PIN after the code) does not extend the time the password is held.
      challengeExpiresAt:
        current.state === 'code-required' ? current.challengeExpiresAt : now + CHALLENGE_TTL_MS,
    };
  if (current.state === 'code-required' && RETRYABLE_AT_CODE_STEP.has(step.error.code))
    return { ...current, error: errorInWords(step.error) };
  return { ...base, state: 'error', error: errorInWords(step.error) };
}

const isAttempt = (record: SessionRecord | undefined, attempt: string): record is Attempt =>
  (record?.state === 'signing-in' || record?.state === 'code-required') && record.attempt === attempt;

/** Applies a protocol answer, unless the attempt it belongs to was cancelled meanwhile. */
async function settle(profile: Profile, attempt: string, step: LoginStep): Promise<SessionView> {
  // The username of the attempt the answer was applied to; none if it was cancelled meanwhile.
  let appliedFor: string | undefined;
  // Decided before the serial step: after a browser start the fresh policy read takes seconds.
  const staySignedIn = await keepsRefreshOnDisk(profile);
  const record = await updateSession(
    profile.id,
    (current) => {
      if (!isAttempt(current, attempt)) return current;
      appliedFor = current.username;
      return nextRecord(current, step, Date.now());
    },
    { staySignedIn },
  );
  if (appliedFor !== undefined) await noteOutcome(profile.id, appliedFor, step);
  if (record?.state === 'active') await markRecent(profile.id);
  await propagateChange();
  return viewWithMemory(profile, record);
}

/** A sign-in that succeeded is remembered; a refused password counts towards the lock warning. */
async function noteOutcome(profileId: string, username: string, step: LoginStep): Promise<void> {
  if (step.kind === 'active') await rememberSignIn(profileId, username);
  else if (step.kind === 'failed' && step.error.code === 'invalid-credentials')
    await countRefusedPassword(profileId);
}

export async function signIn(
  profileId: string,
  username: string,
  password: string,
): Promise<Result<SessionView>> {
  const profile = await readProfile(profileId);
  if (!profile) return unknownProfile();
  if (!username.trim() || !password) return fail('missing-credentials', t('workerErrorMissingCredentials'));
  const attempt = crypto.randomUUID();
  const login = username.trim();
  attemptsInThisWorker.add(attempt);
  await updateSession(profileId, () => ({
    profileId,
    state: 'signing-in',
    attempt,
    username: login,
    updatedAt: Date.now(),
  }));
  broadcastChanged();
  const step = await brokers[profile.broker].login(profile, { username: login, password }, protocolDeps);
  attemptsInThisWorker.delete(attempt);
  return ok(await settle(profile, attempt, step));
}

/** Sign-ins this worker instance started; any other "signing in" record lost its request. */
const attemptsInThisWorker = new Set<string>();

/**
 * A worker stopped in the middle of a sign-in request leaves "signing in" behind with nobody
 * waiting for the answer. Turn it into an error the user can act on (the form comes back).
 */
export async function recoverInterruptedSignIns(profileIds: string[]): Promise<void> {
  for (const profileId of profileIds)
    await updateSession(profileId, (current) =>
      current?.state === 'signing-in' && !attemptsInThisWorker.has(current.attempt)
        ? {
            profileId,
            state: 'error',
            error: { code: 'interrupted', message: t('workerErrorSignInInterrupted') },
            updatedAt: Date.now(),
          }
        : current,
    );
}

export async function answerCode(profileId: string, code: string): Promise<Result<SessionView>> {
  const profile = await readProfile(profileId);
  if (!profile) return unknownProfile();
  const record = await readSession(profileId);
  if (record?.state !== 'code-required') return fail('no-code-step', t('workerErrorNoCodeStep'));
  if (record.challengeExpiresAt <= Date.now()) {
    await expireChallenge(profileId);
    return fail('challenge-expired', t('workerErrorCodeStepExpired'));
  }
  const trimmed = code.replace(/\s+/g, '');
  if (!trimmed) return fail('missing-code', t('workerErrorMissingCode'));
  const step = await brokers[profile.broker].answerChallenge(profile, record.pending, trimmed, protocolDeps);
  return ok(await settle(profile, record.attempt, step));
}

/** Drops a code step that was left too long, with the ETNA password it held. */
export async function expireChallenge(profileId: string): Promise<void> {
  await updateSession(profileId, (current) =>
    current?.state === 'code-required' && current.challengeExpiresAt <= Date.now()
      ? {
          profileId,
          state: 'error',
          error: { code: 'challenge-expired', message: t('workerErrorCodeStepExpired') },
          updatedAt: Date.now(),
        }
      : current,
  );
  await propagateChange();
}

/** Sign-out and cancel both end the session wherever it is; its API tabs lose the token. */
export async function endSession(profileId: string): Promise<Result<SessionView>> {
  const profile = await readProfile(profileId);
  if (!profile) return unknownProfile();
  // The disk copy goes before the record (sessions/store.ts); a late answer finds no session.
  await updateSession(profileId, () => undefined);
  await forgetApiTabsOf(profileId);
  await propagateChange();
  return ok(await viewWithMemory(profile, undefined));
}
