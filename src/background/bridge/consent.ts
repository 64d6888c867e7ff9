import { browser } from '../../shared/browser.ts';
import type { ProgramInfo } from '../../shared/bridge-protocol.ts';
import type { BridgeConsent } from '../../shared/bridge-items.ts';
import { sessionItems } from '../../shared/storage-items.ts';
import { readItem, writeItem } from '../../shared/storage.ts';
import { serially } from '../serial.ts';
import { addGrant, HOUR_GRANT_MS } from './grants.ts';

/**
 * The consent window: the first time a program asks for a profile, the user says whether it may
 * ("Allow for 1 hour", "Allow for this browser session", "Deny"). Closing the window is Deny; no
 * answer in two minutes is a time-out. Several requests of one program for one profile share one
 * window. The answers' resolvers live in memory: the native port keeps this worker running while
 * a request waits, and a stopped worker has no port and so no one waiting.
 */
export type ConsentAnswer = 'hour' | 'browser-session' | 'deny';
export type ConsentOutcome = ConsentAnswer | 'timeout';

export const CONSENT_TIMEOUT_MS = 2 * 60_000;
const WINDOW_SIZE = { width: 460, height: 460 };

const waiting = new Map<string, Set<(outcome: ConsentOutcome) => void>>();
const timers = new Map<string, ReturnType<typeof setTimeout>>();

export function consentPageUrl(consentId: string): string {
  return browser.runtime.getURL(`src/consent/index.html?id=${encodeURIComponent(consentId)}`);
}

/** Asks the user (or joins the question already open for this profile and program). */
export async function askConsent(
  profileId: string,
  programKey: string,
  program: ProgramInfo,
  signal: AbortSignal,
): Promise<ConsentOutcome> {
  const consent = await openOrJoin(profileId, programKey, program);
  return new Promise<ConsentOutcome>((resolve) => {
    const resolvers = waiting.get(consent.id) ?? new Set();
    waiting.set(consent.id, resolvers);
    const settle = (outcome: ConsentOutcome) => {
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = () => {
      resolvers.delete(settle);
      // The program gave up (its connection closed): nobody is left to ask for.
      if (resolvers.size === 0) void settleConsent(consent.id, 'deny', { grant: false });
      resolve('deny');
    };
    resolvers.add(settle);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort);
  });
}

async function openOrJoin(
  profileId: string,
  programKey: string,
  program: ProgramInfo,
): Promise<BridgeConsent> {
  const created = await serially(async () => {
    const consents = await readItem(sessionItems.bridgeConsents);
    const open = consents.find(
      (consent) =>
        consent.profileId === profileId && consent.programKey === programKey && waiting.has(consent.id),
    );
    if (open) return { consent: open, fresh: false };
    const now = Date.now();
    const consent: BridgeConsent = {
      id: crypto.randomUUID(),
      profileId,
      programKey,
      program,
      askedAt: now,
      expiresAt: now + CONSENT_TIMEOUT_MS,
    };
    // Questions of a worker that stopped since are nobody's any more.
    const live = consents.filter((other) => waiting.has(other.id));
    await writeItem(sessionItems.bridgeConsents, [...live, consent]);
    waiting.set(consent.id, new Set());
    return { consent, fresh: true };
  });
  if (!created.fresh) return created.consent;
  const { consent } = created;
  timers.set(
    consent.id,
    setTimeout(() => void settleConsent(consent.id, 'timeout', { grant: false }), CONSENT_TIMEOUT_MS),
  );
  const window = await browser.windows
    .create({ url: consentPageUrl(consent.id), type: 'popup', focused: true, ...WINDOW_SIZE })
    .catch(() => undefined);
  if (window?.id === undefined) {
    await settleConsent(consent.id, 'deny', { grant: false });
    return consent;
  }
  await serially(async () => {
    const consents = await readItem(sessionItems.bridgeConsents);
    await writeItem(
      sessionItems.bridgeConsents,
      consents.map((other) => (other.id === consent.id ? { ...other, windowId: window.id } : other)),
    );
  });
  return consent;
}

/** The user's answer from the consent window (message-router.ts). */
export async function answerConsent(consentId: string, answer: ConsentAnswer): Promise<boolean> {
  return settleConsent(consentId, answer, { grant: true });
}

/** The user closed a window: if it held a question, that is Deny. */
export async function consentWindowClosed(windowId: number): Promise<void> {
  const consents = await readItem(sessionItems.bridgeConsents);
  const consent = consents.find((other) => other.windowId === windowId);
  if (consent) await settleConsent(consent.id, 'deny', { grant: false });
}

/** Every open question is answered Deny (the bridge went off, or the port closed). */
export async function denyAllConsents(): Promise<void> {
  const consents = await readItem(sessionItems.bridgeConsents);
  await Promise.all(consents.map((consent) => settleConsent(consent.id, 'deny', { grant: false })));
}

async function settleConsent(
  consentId: string,
  outcome: ConsentOutcome,
  { grant }: { grant: boolean },
): Promise<boolean> {
  const consent = await serially(async () => {
    const consents = await readItem(sessionItems.bridgeConsents);
    const found = consents.find((other) => other.id === consentId);
    if (found)
      await writeItem(
        sessionItems.bridgeConsents,
        consents.filter((other) => other.id !== consentId),
      );
    return found;
  });
  const resolvers = waiting.get(consentId);
  waiting.delete(consentId);
  clearTimeout(timers.get(consentId));
  timers.delete(consentId);
  if (!consent) return false;
  const now = Date.now();
  if (grant && outcome !== 'deny' && outcome !== 'timeout')
    await addGrant({
      id: crypto.randomUUID(),
      profileId: consent.profileId,
      programKey: consent.programKey,
      program: consent.program,
      grantedAt: now,
      expiresAt: outcome === 'hour' ? now + HOUR_GRANT_MS : undefined,
    });
  for (const resolve of resolvers ?? []) resolve(outcome);
  if (consent.windowId !== undefined) await browser.windows.remove(consent.windowId).catch(() => undefined);
  return true;
}
