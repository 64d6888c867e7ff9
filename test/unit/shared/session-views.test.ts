/** The popup's list, derived from storage as the worker keeps it, without asking the worker. */
import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { NO_POLICY } from '../../../src/shared/managed-policy.ts';
import type { Profile } from '../../../src/shared/profile.ts';
import { onSessionViewsChanged, readSessionViews } from '../../../src/shared/session-views.ts';
import { publicRecord, secretsOf, type LiveRecord } from '../../../src/shared/sessions/record.ts';
import { localItems, profileItems, sessionItems } from '../../../src/shared/storage-items.ts';
import { write, writeItems } from '../../../src/shared/storage.ts';

vi.mock('../../../src/shared/browser.ts', () => import('../support/ui/ui-browser.ts'));

const NOW = Date.UTC(2026, 10, 27, 12);
const base64url = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '');
const ACCESS = `${base64url({ alg: 'HS256' })}.${base64url({ sub: 'te-trader' })}.c2lnbmF0dXJl`;

const own: Profile = {
  id: 'own-1',
  name: 'My TraderEvolution',
  broker: 'traderevolution',
  apiBaseUrl: 'https://bo.example/proftrading/rest',
  webAppOrigins: [],
  staySignedIn: true,
  refreshMarginSec: 60,
};
const managed: Profile = { ...own, id: 'managed-1', name: 'Desk ETNA', broker: 'etna', managed: true };

const live: LiveRecord = {
  profileId: own.id,
  state: 'active',
  sessionId: 'session-1',
  username: 'te-trader',
  tokens: { accessToken: ACCESS, refreshToken: 'refresh-secret', expiresAt: NOW + 600_000 },
  tokensIssuedAt: NOW - 60_000,
  signedInAt: NOW - 60_000,
  updatedAt: NOW - 60_000,
};

describe('the session views, read from storage', () => {
  beforeEach(() => fakeBrowser.reset());

  it('are not known before the worker has read the policy once', async () => {
    await writeItems([write(localItems.profiles, [own])]);
    expect(await readSessionViews(NOW)).toBeUndefined();
  });

  it('merge the policy, the sessions, the sign-in memory and the traffic, without a token', async () => {
    // Stored as the worker stores it: the public part, and the secrets under their own key.
    await writeItems([
      write(localItems.profiles, [own]),
      write(localItems.managedPolicy, { ...NO_POLICY, profiles: [managed], forbidStaySignedIn: true }),
      write(profileItems.username.of(managed.id), 'etna-trader'),
      write(sessionItems.sessions, { [own.id]: publicRecord(live) }),
      write(sessionItems.sessionSecrets, { [own.id]: secretsOf(live)! }),
      write(profileItems.refusedPasswords.of(managed.id), 2),
      write(profileItems.traffic.of(own.id), {
        session: { sessionId: 'session-1', perMinute: { [String(Math.floor(NOW / 60_000))]: 3 } },
        refusalRenewals: [],
      }),
    ]);
    const asked = vi.spyOn(fakeBrowser.storage.session, 'get');
    const views = await readSessionViews(NOW);
    expect(views).toMatchObject([
      {
        name: 'Desk ETNA',
        state: 'signed-out',
        renewable: false,
        rememberedUsername: 'etna-trader',
        refusedPasswords: 2,
      },
      {
        name: 'My TraderEvolution',
        state: 'active',
        staySignedIn: false,
        username: 'te-trader',
        details: { requestsLastHour: 3, jwt: { claims: { sub: 'te-trader' } } },
      },
    ]);
    const shown = JSON.stringify(views);
    for (const secret of [ACCESS, 'c2lnbmF0dXJl', 'refresh-secret']) expect(shown).not.toContain(secret);
    // The secrets' key is never even read.
    expect(JSON.stringify(asked.mock.calls)).not.toContain(sessionItems.sessionSecrets.key);
    asked.mockRestore();
  });

  it('follow the storage keys they are made of, and no other', async () => {
    const listener = vi.fn();
    const stop = onSessionViewsChanged(listener);
    await fakeBrowser.storage.local.set({ clipboardClear: { at: 1 } });
    expect(listener).not.toHaveBeenCalled();
    await fakeBrowser.storage.session.set({ sessions: {} });
    await writeItems([write(localItems.managedPolicy, NO_POLICY)]);
    expect(listener).toHaveBeenCalledTimes(2);
    stop();
    await fakeBrowser.storage.session.set({ sessions: {} });
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
