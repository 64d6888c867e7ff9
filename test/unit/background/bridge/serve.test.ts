/**
 * What the worker answers a local program over the token bridge: nothing while the bridge is off
 * or forbidden; the consent window first (joined by a second request, Deny on close, asked again
 * after a revoke or an hour); the access token and headers only, never a refresh token; a 401
 * the program reports as one renewal through the worker's own refusal answer. The real protocols
 * against the real sandbox, on the fake browser.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerConsent, consentWindowClosed } from '../../../../src/background/bridge/consent.ts';
import { findGrant, HOUR_GRANT_MS, revokeGrant } from '../../../../src/background/bridge/grants.ts';
import { readHostMessage } from '../../../../src/background/bridge/host-message.ts';
import { serveRequest } from '../../../../src/background/bridge/serve.ts';
import { tokenPrint } from '../../../../src/background/bridge/token-print.ts';
import { refreshSession } from '../../../../src/background/refresh/refresher.ts';
import { signIn } from '../../../../src/background/sessions/sign-in.ts';
import type { BridgeHeaders, BridgeReply, BridgeRequest } from '../../../../src/shared/bridge-protocol.ts';
import { NO_POLICY } from '../../../../src/shared/managed-policy.ts';
import { localItems, sessionItems } from '../../../../src/shared/storage-items.ts';
import { readItem, writeItem } from '../../../../src/shared/storage.ts';
import { browser } from '../support/worker-browser.ts';
import { addProfile, DEMO, latestAccess, useSandbox } from '../support/worker-fixtures.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../support/worker-browser.ts'));

const sandbox = useSandbox();
const program = { command: 'broker-sessions token desk', parent: 'python3 bot.py' };
const headersOf = (profile: string, extra: Partial<BridgeRequest> = {}): BridgeRequest => ({
  type: 'headers',
  profile,
  program,
  ...extra,
});

let opened: { id: number; url: string }[];
beforeEach(async () => {
  opened = [];
  await writeItem(localItems.managedPolicy, NO_POLICY);
  await writeItem(localItems.tokenBridge, { enabled: true });
  const create = browser.windows.create.bind(browser.windows);
  vi.spyOn(browser.windows, 'create').mockImplementation(async (options) => {
    const window = await create(options);
    opened.push({ id: window!.id!, url: String(options?.url) });
    return window;
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Serves `request` and answers the consent window it opens with `answer`. */
async function serveAnswering(request: BridgeRequest, answer: 'hour' | 'browser-session' | 'deny') {
  const reply = serveRequest(request, new AbortController().signal);
  await vi.waitFor(async () => expect((await readItem(sessionItems.bridgeConsents)).length).toBe(1));
  const [consent] = await readItem(sessionItems.bridgeConsents);
  expect(await answerConsent(consent!.id, answer)).toBe(true);
  return reply;
}

const value = <T>(reply: BridgeReply): T => {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
};

describe('the token bridge in the worker', () => {
  it('answers nothing while the bridge is off, or when the administrator forbids it', async () => {
    await addProfile(sandbox(), 'traderevolution');
    await writeItem(localItems.tokenBridge, { enabled: false });
    expect(await serveRequest({ type: 'list' }, new AbortController().signal)).toMatchObject({
      ok: false,
      error: { code: 'bridge-off' },
    });
    await writeItem(localItems.tokenBridge, { enabled: true });
    await writeItem(localItems.managedPolicy, { ...NO_POLICY, forbidTokenBridge: true });
    expect(await serveRequest(headersOf('traderevolution desk'), new AbortController().signal)).toMatchObject(
      {
        ok: false,
        error: { code: 'forbidden' },
      },
    );
    expect(opened).toEqual([]);
  });

  it('lists profiles and states without a token, and asks no consent for it', async () => {
    const profile = await addProfile(sandbox(), 'traderevolution');
    await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
    const reply = await serveRequest({ type: 'list' }, new AbortController().signal);
    expect(value(reply)).toEqual([
      expect.objectContaining({ id: profile.id, name: 'traderevolution desk', state: 'active' }),
    ]);
    expect(JSON.stringify(reply)).not.toContain(latestAccess(sandbox(), 'traderevolution'));
    expect(opened).toEqual([]);
  });

  it('asks once: Allow gives the access token and headers, never the refresh token; the next request asks nothing', async () => {
    const profile = await addProfile(sandbox(), 'traderevolution');
    await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
    const reply = await serveAnswering(headersOf('traderevolution desk'), 'hour');
    const headers = value<BridgeHeaders>(reply);
    expect(headers.accessToken).toBe(latestAccess(sandbox(), 'traderevolution'));
    expect(headers.headers).toEqual({ Authorization: `Bearer ${headers.accessToken}` });
    const refresh = sandbox().issuedTokens({ broker: 'traderevolution', kind: 'refresh' }).at(-1)!.token;
    expect(JSON.stringify(reply)).not.toContain(refresh);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.url).toMatch(/src\/consent\/index\.html\?id=/);

    expect(
      value<BridgeHeaders>(await serveRequest(headersOf(profile.id), new AbortController().signal))
        .accessToken,
    ).toBe(headers.accessToken);
    expect(opened).toHaveLength(1);
  });

  it('ETNA: the app key header goes along', async () => {
    const profile = await addProfile(sandbox(), 'etna', { tokenLifetimeSec: 3600 });
    await signIn(profile.id, DEMO.etna.username, DEMO.etna.password);
    // ETNA's code step: the sandbox sent it.
    const { answerCode } = await import('../../../../src/background/sessions/sign-in.ts');
    await answerCode(profile.id, sandbox().lastCode(DEMO.etna.username)!);
    const headers = value<BridgeHeaders>(await serveAnswering(headersOf('etna desk'), 'browser-session'));
    expect(headers.headers).toEqual({
      Authorization: `Bearer ${headers.accessToken}`,
      'Et-App-Key': 'demo-app-key',
    });
  });

  it('Deny, a closed window and a program that gives up all refuse; a second request joins the open question', async () => {
    const profile = await addProfile(sandbox(), 'traderevolution');
    await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
    expect(await serveAnswering(headersOf('traderevolution desk'), 'deny')).toMatchObject({
      ok: false,
      error: { code: 'denied' },
    });

    // As index.ts wires it: a closed window is Deny.
    browser.windows.onRemoved.addListener((windowId) => void consentWindowClosed(windowId));
    const first = serveRequest(headersOf('traderevolution desk'), new AbortController().signal);
    const second = serveRequest(headersOf('traderevolution desk'), new AbortController().signal);
    await vi.waitFor(() => expect(opened).toHaveLength(2));
    await vi.waitFor(async () =>
      expect((await readItem(sessionItems.bridgeConsents))[0]?.windowId).toBeDefined(),
    );
    await browser.windows.remove(opened[1]!.id);
    expect(await first).toMatchObject({ ok: false, error: { code: 'denied' } });
    expect(await second).toMatchObject({ ok: false, error: { code: 'denied' } });
    expect(opened).toHaveLength(2);

    const gaveUp = new AbortController();
    const abandoned = serveRequest(headersOf('traderevolution desk'), gaveUp.signal);
    await vi.waitFor(() => expect(opened).toHaveLength(3));
    gaveUp.abort();
    expect(await abandoned).toMatchObject({ ok: false, error: { code: 'denied' } });
    await vi.waitFor(async () => expect(await readItem(sessionItems.bridgeConsents)).toEqual([]));
    expect(await findGrant(profile.id, program.parent, Date.now())).toBeUndefined();
  });

  it('a revoked grant and an hour-old grant ask again', async () => {
    const profile = await addProfile(sandbox(), 'traderevolution', { refreshMarginSec: 5 });
    await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
    value(await serveAnswering(headersOf('traderevolution desk'), 'hour'));
    const grant = await findGrant(profile.id, program.parent, Date.now());
    expect(grant?.expiresAt).toBe(grant!.grantedAt + HOUR_GRANT_MS);
    expect(await revokeGrant(grant!.id)).toBe(true);
    value(await serveAnswering(headersOf('traderevolution desk'), 'hour'));
    expect(opened).toHaveLength(2);

    const renewed = await findGrant(profile.id, program.parent, Date.now());
    expect(await findGrant(profile.id, program.parent, renewed!.expiresAt! + 1)).toBeUndefined();
  });

  it('unknown, ambiguous and signed-out profiles: a clear refusal, no window', async () => {
    const first = await addProfile(sandbox(), 'traderevolution', { name: 'Desk' });
    await addProfile(sandbox(), 'volven', { name: 'Desk' });
    const signal = new AbortController().signal;
    expect(await serveRequest(headersOf('Nobody'), signal)).toMatchObject({
      ok: false,
      error: { code: 'unknown-profile' },
    });
    expect(await serveRequest(headersOf('Desk'), signal)).toMatchObject({
      ok: false,
      error: { code: 'ambiguous-profile' },
    });
    expect(opened).toEqual([]);
    expect(await serveAnswering(headersOf(first.id), 'hour')).toMatchObject({
      ok: false,
      error: { code: 'signed-out' },
    });
  });

  it('a 401 the program reports renews once, through the worker’s own answer to a refusal', async () => {
    const profile = await addProfile(sandbox(), 'traderevolution');
    await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
    const first = value<BridgeHeaders>(await serveAnswering(headersOf('traderevolution desk'), 'hour'));
    const renewals = () =>
      sandbox().requests({ broker: 'traderevolution', path: '/auth/token/refresh' }).length;
    const before = renewals();
    const stale = await tokenPrint(first.accessToken);
    const [a, b] = await Promise.all([
      serveRequest(headersOf(profile.id, { staleTokenPrint: stale }), new AbortController().signal),
      serveRequest(headersOf(profile.id, { staleTokenPrint: stale }), new AbortController().signal),
    ]);
    expect(renewals()).toBe(before + 1);
    expect(value<BridgeHeaders>(a).accessToken).not.toBe(first.accessToken);
    expect(value<BridgeHeaders>(b).accessToken).toBe(value<BridgeHeaders>(a).accessToken);
    // A print of a token already replaced renews nothing.
    value(
      await serveRequest(headersOf(profile.id, { staleTokenPrint: stale }), new AbortController().signal),
    );
    expect(renewals()).toBe(before + 1);
  });

  it('waits for a renewal under way and gives the token it brings', async () => {
    const profile = await addProfile(sandbox(), 'traderevolution');
    await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
    const before = value<BridgeHeaders>(await serveAnswering(headersOf(profile.id), 'hour')).accessToken;
    const held = sandbox().holdNext('traderevolution', '/auth/token/refresh');
    const renewal = refreshSession(profile.id);
    await held.arrived;
    let answered = false;
    const asked = serveRequest(headersOf(profile.id), new AbortController().signal).then((reply) => {
      answered = true;
      return reply;
    });
    // The session says it is renewing: the answer waits for the renewal's token.
    await vi.waitFor(async () =>
      expect((await readItem(sessionItems.sessions))[profile.id]?.state).toBe('refreshing'),
    );
    expect(answered).toBe(false);
    held.release();
    await renewal;
    const after = value<BridgeHeaders>(await asked).accessToken;
    expect(after).not.toBe(before);
    expect(after).toBe(latestAccess(sandbox(), 'traderevolution'));
  });

  it('checks what the host relays: a malformed request is invalid, control characters leave the program’s name', () => {
    expect(
      readHostMessage({ kind: 'request', id: '1:1', request: { type: 'headers', profile: 'x' } }),
    ).toEqual({
      kind: 'request',
      id: '1:1',
      request: undefined,
    });
    expect(
      readHostMessage({
        kind: 'request',
        id: '1:2',
        request: {
          type: 'headers',
          profile: 'x',
          program: { command: 'evil\nAllowed: yes' },
          staleTokenPrint: 'zz',
        },
      }),
    ).toMatchObject({ request: undefined });
    expect(
      readHostMessage({
        kind: 'request',
        id: '1:3',
        request: {
          type: 'headers',
          profile: 'x',
          program: { command: 'evil\nAllowed: yes', parent: '\u2028' },
        },
      }),
    ).toEqual({
      kind: 'request',
      id: '1:3',
      request: { type: 'headers', profile: 'x', program: { command: 'evil Allowed: yes' } },
    });
    expect(readHostMessage({ kind: 'cancel', id: 7 })).toBeUndefined();
    expect(readHostMessage('ready')).toBeUndefined();
  });

  it('prints a token as the first 16 bytes of its SHA-256, in hex', async () => {
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223 b00361a396177a9cb410ff61f20015ad
    expect(await tokenPrint('abc')).toBe('ba7816bf8f01cfea414140de5dae2223');
  });
});
