import { browser, type Runtime } from '../shared/browser.ts';
import { broadcastChanged } from './signals/broadcast.ts';
import type { MessageInput, MessageType, Reply, RequestMessage, SessionView } from '../shared/protocol.ts';
import { isClipboardPrint } from '../shared/fingerprint.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { publicRecord } from '../shared/sessions/record.ts';
import { openApiTab } from './api-tabs/open.ts';
import { scheduleClipboardClear } from './clipboard/clear.ts';
import { readManagedPolicy } from './profiles/managed-policy.ts';
import { policyView } from '../shared/policy-in-force.ts';
import { markRecent } from './clipboard/recent-profile.ts';
import { readSettings, saveSettings } from './profiles/settings-store.ts';
import { verifyOneTimeToken } from './sessions/one-time-token.ts';
import { readProfile, readProfiles } from './profiles/store.ts';
import { removeProfile, saveProfile } from './profiles/edit.ts';
import { refreshSession } from './refresh/refresher.ts';
import { readSession, readSessions } from './sessions/store.ts';
import { viewWithMemory } from './sessions/view.ts';
import { liveSessionIds, toView } from '../shared/sessions/view.ts';
import { readTraffic } from './traffic/store.ts';
import { forgetUsername, readSignInMemories } from './sessions/sign-in-memory.ts';
import { answerCode, endSession, signIn } from './sessions/sign-in.ts';
import { tokenForCopy } from './clipboard/token-for-copy.ts';
import { t } from '../shared/i18n.ts';
import { unknownProfile } from './sessions/unknown-profile.ts';
import { setTokenBridge } from './bridge/switch.ts';
import { answerConsent } from './bridge/consent.ts';
import { revokeGrant } from './bridge/grants.ts';

async function viewOf(profileId: string): Promise<Result<SessionView>> {
  const profile = await readProfile(profileId);
  if (!profile) return unknownProfile();
  return ok(await viewWithMemory(profile, await readSession(profileId)));
}

type Handlers = { [K in MessageType]: (input: MessageInput<K>) => Promise<Reply<K>> };

const handlers: Handlers = {
  listSessions: async () => {
    const [profiles, sessions] = await Promise.all([readProfiles(), readSessions()]);
    const [memories, traffic] = await Promise.all([
      readSignInMemories(profiles.map((profile) => profile.id)),
      readTraffic(liveSessionIds(Object.values(sessions)), Date.now()),
    ]);
    return ok(
      profiles.map((profile) => {
        const record = sessions[profile.id];
        return toView(
          profile,
          record && publicRecord(record),
          memories.get(profile.id)!,
          traffic.get(profile.id),
        );
      }),
    );
  },
  signIn: ({ profileId, username, password }) => signIn(profileId, username, password),
  answerCode: ({ profileId, code }) => answerCode(profileId, code),
  cancel: ({ profileId }) => endSession(profileId),
  signOut: ({ profileId }) => endSession(profileId),
  forgetUsername: async ({ profileId }) => {
    // Only a profile that exists (viewOf answers for it): no stray key for a made-up id.
    const known = await viewOf(profileId);
    if (!known.ok) return known;
    await forgetUsername(profileId);
    // Every open page re-reads: another popup window must not keep offering the username.
    broadcastChanged();
    return viewOf(profileId);
  },
  refreshNow: async ({ profileId }) => {
    await refreshSession(profileId);
    return viewOf(profileId);
  },
  getToken: ({ profileId }) => tokenForCopy(profileId),
  openApiTab: async ({ profileId }) => {
    await markRecent(profileId);
    return openApiTab(profileId);
  },
  verifyOneTimeToken: ({ profileId, token }) => verifyOneTimeToken(profileId, token),
  copying: async ({ print, profileId }) => {
    // It goes to disk (the clear must survive a restart): only a well-formed print is stored.
    if (!isClipboardPrint(print)) return fail('invalid', t('workerErrorInternal'));
    await markRecent(profileId);
    return ok(await scheduleClipboardClear(print));
  },
  getSettings: async () => ok(await readSettings()),
  getPolicy: async () => ok(policyView(await readManagedPolicy())),
  saveSettings: async (settings) => ok(await saveSettings(settings)),
  listProfiles: async () => ok(await readProfiles()),
  saveProfile: (draft) => saveProfile(draft),
  removeProfile: ({ profileId }) => removeProfile(profileId),
  setTokenBridge: ({ enabled }) => setTokenBridge(enabled === true),
  answerBridgeConsent: async ({ consentId, answer }) => {
    if (typeof consentId !== 'string' || !['hour', 'browser-session', 'deny'].includes(answer))
      return fail('invalid', t('workerErrorInternal'));
    return ok({ answered: await answerConsent(consentId, answer) });
  },
  revokeBridgeGrant: async ({ grantId }) => ok({ revoked: await revokeGrant(String(grantId)) }),
};

/** Only this extension's own pages may talk to the worker (no content scripts, no web pages). */
function isOwnPage(sender: Runtime.MessageSender): boolean {
  const ownOrigin = browser.runtime.getURL('');
  return sender.id === browser.runtime.id && (sender.url ?? '').startsWith(ownOrigin);
}

function isRequest(message: unknown): message is RequestMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as RequestMessage).channel === 'broker-sessions' &&
    typeof (message as RequestMessage).type === 'string' &&
    Object.hasOwn(handlers, (message as RequestMessage).type)
  );
}

/**
 * The runtime.onMessage listener. Returns undefined for messages that are not requests (such as
 * our own change notices) so other listeners may answer; never lets an exception out, since a
 * rejected reply would reach the page as an unhelpful string.
 */
export function routeMessage(message: unknown, sender: Runtime.MessageSender): Promise<unknown> | undefined {
  if (!isRequest(message)) return undefined;
  if (!isOwnPage(sender)) return Promise.resolve(fail('forbidden', t('workerErrorForbidden')));
  const handler = handlers[message.type] as (input: unknown) => Promise<unknown>;
  return handler(message.input).catch((error: unknown) => {
    console.error(
      'Broker Sessions: request failed',
      message.type,
      error instanceof Error ? error.name : 'error',
    );
    return fail('internal', t('workerErrorInternal'));
  });
}
