import { brokers } from '../../brokers/index.ts';
import type {
  BridgeError,
  BridgeHeaders,
  BridgeProfile,
  BridgeReply,
  BridgeRequest,
} from '../../shared/bridge-protocol.ts';
import { t } from '../../shared/i18n.ts';
import type { Profile } from '../../shared/profile.ts';
import { isLive, usableTokens, type SessionRecord } from '../../shared/sessions/record.ts';
import { localItems } from '../../shared/storage-items.ts';
import { readItem } from '../../shared/storage.ts';
import { readManagedPolicy } from '../profiles/managed-policy.ts';
import { readProfiles } from '../profiles/store.ts';
import { answerRefusal } from '../refresh/refusal-response.ts';
import { readSession, readSessions } from '../sessions/store.ts';
import { askConsent } from './consent.ts';
import { findGrant } from './grants.ts';
import { programKey } from './program.ts';
import { sessionChange } from './session-change.ts';
import { tokenPrint } from './token-print.ts';

/** How long a request waits for a renewal or a restore under way to settle. */
export const SETTLE_TIMEOUT_MS = 20_000;

const failure = (code: BridgeError['code'], message: string): BridgeReply<never> => ({
  ok: false,
  error: { code, message },
});

/** Answers one request of a local program (the caller checked its shape). */
export async function serveRequest(request: BridgeRequest, signal: AbortSignal): Promise<BridgeReply> {
  const [policy, bridge] = await Promise.all([readManagedPolicy(), readItem(localItems.tokenBridge)]);
  if (policy.forbidTokenBridge) return failure('forbidden', t('bridgeErrorForbidden'));
  if (!bridge.enabled) return failure('bridge-off', t('bridgeErrorOff'));
  const profiles = await readProfiles();
  if (request.type === 'list') return { ok: true, value: await listProfiles(profiles) };

  const found = findProfile(profiles, request.profile);
  if (!found.ok) return found;
  const profile = found.value;
  const key = programKey(request.program);
  if (!(await findGrant(profile.id, key, Date.now()))) {
    const outcome = await askConsent(profile.id, key, request.program, signal);
    if (outcome === 'timeout') return failure('consent-timeout', t('bridgeErrorConsentTimeout'));
    if (outcome === 'deny') return failure('denied', t('bridgeErrorDenied', profile.name));
  }
  return headersOf(profile, request.staleTokenPrint, signal);
}

async function listProfiles(profiles: Profile[]): Promise<BridgeProfile[]> {
  const sessions = await readSessions();
  const now = Date.now();
  return profiles.map((profile) => {
    const session = sessions[profile.id];
    const tokens = usableTokens(session, now);
    return {
      id: profile.id,
      name: profile.name,
      broker: profile.broker,
      apiBaseUrl: profile.apiBaseUrl,
      state: isLive(session) && !tokens ? 'expired' : (session?.state ?? 'signed-out'),
      ...(tokens && { expiresAt: tokens.expiresAt }),
    };
  });
}

/** By id, or else by exact name (two profiles of one name: ambiguous, the id tells them apart). */
function findProfile(profiles: Profile[], wanted: string): BridgeReply<Profile> {
  const byId = profiles.find((profile) => profile.id === wanted);
  if (byId) return { ok: true, value: byId };
  const byName = profiles.filter((profile) => profile.name === wanted);
  if (byName.length === 1) return { ok: true, value: byName[0]! };
  if (byName.length > 1)
    return failure('ambiguous-profile', t('bridgeErrorAmbiguousProfile', byName.length, wanted));
  return failure('unknown-profile', t('bridgeErrorUnknownProfile', wanted));
}

/** A renewal or restore is under way: the token to hand out is the one it brings. */
const isSettling = (session: SessionRecord | undefined) =>
  session?.state === 'refreshing' || session?.state === 'restoring' || session?.state === 'signing-in';

async function headersOf(
  profile: Profile,
  staleTokenPrint: string | undefined,
  signal: AbortSignal,
): Promise<BridgeReply<BridgeHeaders>> {
  let session = await readSession(profile.id);
  if (staleTokenPrint !== undefined && isLive(session) && session.tokens.accessToken) {
    // The broker refused the token a program used: if it is still the one in force, this is the
    // same verdict the API tab's 401 gives (one renewal, never a loop; refresh/refusal-response.ts).
    if ((await tokenPrint(session.tokens.accessToken)) === staleTokenPrint)
      await answerRefusal({
        profileId: profile.id,
        sessionId: session.sessionId,
        tokensIssuedAt: session.tokensIssuedAt,
      });
    session = await readSession(profile.id);
  }
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  while (isSettling(session) && Date.now() < deadline && !signal.aborted) {
    await sessionChange(deadline - Date.now(), signal);
    session = await readSession(profile.id);
  }
  const tokens = usableTokens(session, Date.now());
  if (!tokens) return refusalOf(profile, session);
  const headers = Object.fromEntries(
    brokers[profile.broker].requestHeaders(profile, tokens).map((header) => [header.name, header.value]),
  );
  return {
    ok: true,
    value: {
      profile: { id: profile.id, name: profile.name, broker: profile.broker },
      apiBaseUrl: profile.apiBaseUrl,
      accessToken: tokens.accessToken,
      headers,
      expiresAt: tokens.expiresAt,
    },
  };
}

/** Why there is no token to give, in the words of the session's state. */
function refusalOf(profile: Profile, session: SessionRecord | undefined): BridgeReply<never> {
  switch (session?.state) {
    case 'rejected':
      return failure('rejected', t('bridgeErrorRejected', profile.name));
    case 'expired':
    case 'active':
    case 'refreshing':
      return failure('expired', t('bridgeErrorExpired', profile.name));
    case 'code-required':
      return failure('not-ready', t('bridgeErrorCodeRequired', profile.name));
    case 'signing-in':
    case 'restoring':
      return failure('not-ready', t('bridgeErrorNotReady', profile.name));
    default:
      return failure('signed-out', t('bridgeErrorSignedOut', profile.name));
  }
}
