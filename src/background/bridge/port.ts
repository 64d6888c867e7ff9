import { browser, type Runtime } from '../../shared/browser.ts';
import { BRIDGE_HOST_NAME, type BridgeReply, type ExtensionToHost } from '../../shared/bridge-protocol.ts';
import { t } from '../../shared/i18n.ts';
import type { BridgeStatus } from '../../shared/bridge-items.ts';
import { localItems, sessionItems } from '../../shared/storage-items.ts';
import { readItem, writeItem } from '../../shared/storage.ts';
import { readManagedPolicy } from '../profiles/managed-policy.ts';
import { denyAllConsents } from './consent.ts';
import { clearGrants } from './grants.ts';
import { readHostMessage } from './host-message.ts';
import { serveRequest } from './serve.ts';

/**
 * The native port to the bridge's host (src/bridge/host/), open while the user has the bridge on.
 * An open native port keeps the worker running (Chrome 105+), which the options page says. The
 * port itself is the one piece of state kept in memory: a worker that starts again reopens it at
 * its wake-up (syncBridge from index.ts), and the host exits when its port closes.
 */
let port: Runtime.Port | undefined;
/** Requests being served, by the host's id: a `cancel` (the program went away) aborts one. */
const inFlight = new Map<string, AbortController>();

const setStatus = (state: BridgeStatus['state']) =>
  writeItem(sessionItems.bridgeStatus, { state, at: Date.now() });

/** The bridge should be open: the user turned it on, the policy allows it, the permission is held. */
async function bridgeWanted(): Promise<boolean> {
  const [bridge, policy] = await Promise.all([readItem(localItems.tokenBridge), readManagedPolicy()]);
  if (!bridge.enabled || policy.forbidTokenBridge) return false;
  return browser.permissions.contains({ permissions: ['nativeMessaging'] }).catch(() => false);
}

/** Opens or closes the port to match the settings, the policy and the permission. Idempotent. */
export async function syncBridge(): Promise<void> {
  const wanted = await bridgeWanted();
  if (wanted && !port) await connect();
  else if (!wanted) await closeBridge();
}

async function closeBridge(): Promise<void> {
  const open = port;
  port = undefined;
  open?.disconnect();
  abortAll();
  await denyAllConsents();
  await clearGrants();
  const status = await readItem(sessionItems.bridgeStatus);
  if (status.state !== 'off') await setStatus('off');
}

async function connect(): Promise<void> {
  await setStatus('connecting');
  let opened: Runtime.Port;
  try {
    opened = browser.runtime.connectNative(BRIDGE_HOST_NAME);
  } catch {
    await setStatus('host-missing');
    return;
  }
  port = opened;
  opened.onMessage.addListener((message: unknown) => void onHostMessage(opened, message));
  opened.onDisconnect.addListener(() => void onDisconnect(opened));
  post(opened, {
    kind: 'hello',
    browser: import.meta.env.BROWSER === 'firefox' ? 'firefox' : 'chrome',
    extensionId: browser.runtime.id,
    version: browser.runtime.getManifest().version,
  });
}

async function onDisconnect(closed: Runtime.Port): Promise<void> {
  // Chrome says why in runtime.lastError, Firefox in the port's error; read before any await.
  const reason = closed.error?.message ?? browser.runtime.lastError?.message ?? '';
  if (port !== closed) return;
  port = undefined;
  abortAll();
  await denyAllConsents();
  // "Specified native messaging host not found." (Chrome), "No such native application" (Firefox).
  await setStatus(/not found|no such native application/i.test(reason) ? 'host-missing' : 'host-exited');
}

function abortAll(): void {
  for (const controller of inFlight.values()) controller.abort();
  inFlight.clear();
}

function post(to: Runtime.Port, message: ExtensionToHost): void {
  try {
    to.postMessage(message);
  } catch {
    // The port closed meanwhile; onDisconnect has it.
  }
}

async function onHostMessage(from: Runtime.Port, message: unknown): Promise<void> {
  const parsed = readHostMessage(message);
  if (!parsed) return;
  if (parsed.kind === 'ready') {
    if (port === from) await setStatus('connected');
    return;
  }
  if (parsed.kind === 'cancel') {
    inFlight.get(parsed.id)?.abort();
    return;
  }
  const { id } = parsed;
  if (inFlight.has(id)) return;
  const controller = new AbortController();
  inFlight.set(id, controller);
  const reply: BridgeReply = await (
    parsed.request ? serveRequest(parsed.request, controller.signal) : Promise.resolve(invalid())
  ).catch(() => ({
    ok: false as const,
    error: { code: 'internal' as const, message: t('workerErrorInternal') },
  }));
  inFlight.delete(id);
  if (!controller.signal.aborted && port === from) post(from, { kind: 'reply', id, reply });
}

const invalid = (): BridgeReply => ({
  ok: false,
  error: { code: 'invalid', message: t('bridgeErrorInvalid') },
});

/**
 * Tells the host that sessions or grants changed, so that programs holding headers (the proxy)
 * ask again: a renewal, a sign-out and a revoked grant all reach them at once.
 */
export function watchBridgeChanges(): void {
  const watched = new Set([
    sessionItems.sessions.key,
    sessionItems.sessionSecrets.key,
    sessionItems.bridgeGrants.key,
  ]);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'session' || !port) return;
    if (Object.keys(changes).some((key) => watched.has(key))) post(port, { kind: 'changed' });
  });
}
