/**
 * The one message protocol between the extension's pages and its service worker. A name that
 * is not here does not compile, on either side.
 */
import type { BrokerId, Challenge } from '../brokers/types.ts';
import type { ClipboardPrint } from './fingerprint.ts';
import type { PolicyView } from './managed-policy.ts';
import type { AppError, Result } from './result.ts';
import type { Profile, ProfileDraft, FieldErrors } from './profile.ts';
import type { Settings, SettingsErrors } from './settings.ts';

/** A code-step prompt as pages get it: already in the user's language (the worker puts it into words). */
export type ChallengeView = Pick<Challenge, 'type' | 'message'>;

export type SessionState =
  | 'signed-out'
  | 'signing-in'
  | 'code-required'
  | 'active'
  | 'refreshing'
  /** Back after a browser restart ("Stay signed in"): renewing, no token to use yet. */
  | 'restoring'
  | 'expired'
  /** The broker stopped accepting the session before its time, and renewing did not mend it. */
  | 'rejected'
  | 'error';

/** A JSON value as decoded from a token's claims. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** How a live session is doing, for its details view: times, counts and the token's readable parts. */
export interface SessionDetails {
  /** Epoch ms of the sign-in (or of the renewal that brought a "Stay signed in" session back). */
  signedInAt?: number;
  /** Epoch ms of the last renewal; absent before the first. */
  lastRenewalAt?: number;
  /** Epoch ms of the next planned renewal; absent for a broker without renewal (ETNA). */
  nextRenewalAt?: number;
  /** Epoch ms when the session ends unless renewed (for ETNA: when it ends). */
  endsAt: number;
  /** Requests that carried the session's token in the last hour (the API tab's and web apps'). */
  requestsLastHour: number;
  /** The last 401 or 403 among them: when, the status, and the path below the API base URL. */
  lastRefusal?: { at: number; status: number; path: string };
  /**
   * The access token's header and claims when it is a JWT, decoded without verifying. Never its
   * signature, and never the token itself (that goes only through Copy).
   */
  jwt?: { header: Record<string, JsonValue>; claims: Record<string, JsonValue> };
}

/** What a page may know of a session: its state and times, never its token. */
export interface SessionView {
  profileId: string;
  name: string;
  broker: BrokerId;
  apiBaseUrl: string;
  state: SessionState;
  /** Epoch ms, while active or refreshing. */
  expiresAt?: number;
  challenge?: ChallengeView;
  /** Epoch ms after which the pending code step is dropped. */
  challengeExpiresAt?: number;
  error?: AppError;
  staySignedIn: boolean;
  /** The broker renews tokens (false for ETNA: its session simply ends). */
  renewable: boolean;
  /** Who is signed in (active or renewing), when known: a restored session may not know. */
  username?: string;
  /** The username of the profile's last successful sign-in, to pre-fill the sign-in form. */
  rememberedUsername?: string;
  /** Passwords the broker refused in a row for this profile (reset by a successful sign-in). */
  refusedPasswords?: number;
  /** While active or refreshing. */
  details?: SessionDetails;
}

/** Refused passwords in a row after which the sign-in form warns that the account may lock. */
export const REFUSED_PASSWORDS_WARNING = 3;

export interface CopyableToken {
  accessToken: string;
  headers: { name: string; value: string }[];
  apiBaseUrl: string;
}

export type OneTimeTokenCheck = { valid: true; login: string } | { valid: false; reason: string };

export type SaveProfileResult = { saved: Profile } | { invalid: FieldErrors };

export interface ProtocolMap {
  listSessions(): SessionView[];
  signIn(input: { profileId: string; username: string; password: string }): SessionView;
  answerCode(input: { profileId: string; code: string }): SessionView;
  cancel(input: { profileId: string }): SessionView;
  signOut(input: { profileId: string }): SessionView;
  /** Drops the username the profile remembers for its sign-in form. */
  forgetUsername(input: { profileId: string }): SessionView;
  /** Renews the tokens now (shares the request with any refresh already under way). */
  refreshNow(input: { profileId: string }): SessionView;
  getToken(input: { profileId: string }): CopyableToken;
  openApiTab(input: { profileId: string }): { tabId: number };
  /** TraderEvolution: whose login a one-time token belongs to, or why it is not valid. */
  verifyOneTimeToken(input: { profileId: string; token: string }): OneTimeTokenCheck;
  /**
   * The popup is about to write a token to the clipboard; the worker clears it later if it is
   * still there. Sent before the write: a popup that closes right after writing could not tell.
   */
  copying(input: { print: ClipboardPrint; profileId: string }): { clearAt?: number };
  getSettings(): Settings;
  /** What the administrator's policy locks, so pages show those controls as locked. */
  getPolicy(): PolicyView;
  saveSettings(input: Settings): { saved: Settings } | { invalid: SettingsErrors };
  listProfiles(): Profile[];
  saveProfile(input: ProfileDraft): SaveProfileResult;
  removeProfile(input: { profileId: string }): { removed: boolean };
  /**
   * Turns the token bridge on or off (the options page asks the browser for the nativeMessaging
   * permission first). Off takes every grant back.
   */
  setTokenBridge(input: { enabled: boolean }): { enabled: boolean };
  /** The user's answer in the consent window. */
  answerBridgeConsent(input: { consentId: string; answer: 'hour' | 'browser-session' | 'deny' }): {
    answered: boolean;
  };
  revokeBridgeGrant(input: { grantId: string }): { revoked: boolean };
}

export type MessageType = keyof ProtocolMap;
export type MessageInput<K extends MessageType> = Parameters<ProtocolMap[K]>[0];
export type MessageOutput<K extends MessageType> = ReturnType<ProtocolMap[K]>;

export interface RequestMessage<K extends MessageType = MessageType> {
  channel: 'broker-sessions';
  type: K;
  input: MessageInput<K>;
}

/** Sent by the worker to every open page when any session or profile changes. */
export interface ChangedNotice {
  channel: 'broker-sessions';
  type: 'changed';
}

export type Reply<K extends MessageType> = Result<MessageOutput<K>>;
