import { brokers } from '../../brokers/index.ts';
import type { OneTimeTokenCheck } from '../../shared/protocol.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { readProfile } from '../profiles/store.ts';
import { protocolDeps } from './protocol-deps.ts';
import { usableTokens } from '../../shared/sessions/record.ts';
import { readSession } from './store.ts';
import { t } from '../../shared/i18n.ts';
import { unknownProfile } from './unknown-profile.ts';
import { errorInWords, reasonInWords } from './broker-words.ts';

/**
 * Asks the broker whose login a one-time token belongs to (TraderEvolution), with the active
 * session's access token. The one-time token is not stored anywhere.
 */
export async function verifyOneTimeToken(
  profileId: string,
  token: string,
): Promise<Result<OneTimeTokenCheck>> {
  const [profile, session] = await Promise.all([readProfile(profileId), readSession(profileId)]);
  if (!profile) return unknownProfile();
  const verify = brokers[profile.broker].verifyOneTimeToken;
  if (!verify) return fail('unsupported', t('workerErrorNoVerification'));
  const tokens = usableTokens(session, Date.now());
  if (!tokens) return fail('not-active', t('workerErrorVerifyNeedsSession'));
  const trimmed = token.trim();
  if (!trimmed) return fail('missing-token', t('workerErrorMissingOneTimeToken'));
  const answer = await verify(profile, tokens, trimmed, protocolDeps);
  if ('kind' in answer) return { ok: false, error: errorInWords(answer.error) };
  return ok(
    answer.valid ? { valid: true, login: answer.login } : { valid: false, reason: reasonInWords(answer) },
  );
}
