import { brokers } from '../../brokers/index.ts';
import type { CopyableToken } from '../../shared/protocol.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { readProfile } from '../profiles/store.ts';
import { usableTokens } from '../../shared/sessions/record.ts';
import { readSession } from '../sessions/store.ts';
import { t } from '../../shared/i18n.ts';
import { unknownProfile } from '../sessions/unknown-profile.ts';

/** The token and headers of an active session, for the popup's copy buttons only. */
export async function tokenForCopy(profileId: string): Promise<Result<CopyableToken>> {
  const [profile, session] = await Promise.all([readProfile(profileId), readSession(profileId)]);
  if (!profile) return unknownProfile();
  const tokens = usableTokens(session, Date.now());
  if (!tokens) return fail('not-active', t('workerErrorNothingToCopy'));
  return ok({
    accessToken: tokens.accessToken,
    headers: brokers[profile.broker].requestHeaders(profile, tokens),
    apiBaseUrl: profile.apiBaseUrl,
  });
}
