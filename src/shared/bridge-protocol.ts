/**
 * The token bridge's wire protocol, shared by the extension (src/background/bridge/) and the
 * local programs (src/bridge/: the native-messaging host and the `broker-sessions` CLI).
 *
 * Path of a request: CLI → (Unix socket, framed JSON) → host → (native messaging) → extension,
 * and the reply back the same way. Every frame on either hop is a 4-byte little-endian length and
 * that many bytes of UTF-8 JSON; no frame is larger than MAX_FRAME_BYTES (the browser's own limit
 * for a host's message is 1 MB).
 *
 * What crosses: profile names and states, and for a granted profile its access token and request
 * headers. Never a password, a code, an interim token or a refresh token.
 */
import type { BrokerId } from '../brokers/types.ts';
import type { SessionState } from './protocol.ts';

/** The native-messaging host's name (the host manifest's `name`, `runtime.connectNative`'s argument). */
export const BRIDGE_HOST_NAME = 'dev.brokersessions.bridge';

/** Firefox's add-on id (manifest `browser_specific_settings.gecko.id`): the host manifest's `allowed_extensions`. */
export const FIREFOX_EXTENSION_ID = 'broker-sessions@brokersessions.dev';

/** Largest frame either side sends or accepts (1 MiB). */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** Who asks, as the CLI reports it: shown to the user in the consent window, never trusted further. */
export interface ProgramInfo {
  /** The CLI's own command line, e.g. "broker-sessions token volven-demo". */
  command: string;
  /** The command line of the process that ran the CLI (the script), when the OS tells it. */
  parent?: string;
}

export type BridgeRequest =
  /** Profiles and their states: no token, so no consent is asked. */
  | { type: 'list' }
  /**
   * The profile's current access token and request headers. `profile` is a profile's id or its
   * exact name. `staleTokenPrint`: the print (tokenPrint) of a token the broker just refused with
   * 401; if it is still the session's token, the extension renews before it answers.
   */
  | { type: 'headers'; profile: string; program: ProgramInfo; staleTokenPrint?: string };

export interface BridgeProfile {
  id: string;
  name: string;
  broker: BrokerId;
  apiBaseUrl: string;
  state: SessionState;
  /** Epoch ms when the current token ends, while active. */
  expiresAt?: number;
}

export interface BridgeHeaders {
  profile: { id: string; name: string; broker: BrokerId };
  apiBaseUrl: string;
  accessToken: string;
  /** Every header a request to the API needs: Authorization, and ETNA's Et-App-Key. */
  headers: Record<string, string>;
  /** Epoch ms when this token ends. */
  expiresAt?: number;
}

export type BridgeErrorCode =
  /** No browser answered: it is not running, or the bridge is off in the extension's options. */
  | 'no-bridge'
  /** The bridge was turned off, or the administrator forbids it (`forbidTokenBridge`). */
  | 'bridge-off'
  | 'forbidden'
  | 'unknown-profile'
  /** Two profiles have that name: use the id (`broker-sessions list`). */
  | 'ambiguous-profile'
  | 'signed-out'
  | 'expired'
  | 'rejected'
  /** The user chose Deny, or closed the consent window. */
  | 'denied'
  /** No one answered the consent window in time. */
  | 'consent-timeout'
  /** The session did not settle (renewal or sign-in under way) in time. */
  | 'not-ready'
  | 'invalid'
  | 'internal';

export interface BridgeError {
  code: BridgeErrorCode;
  /** A sentence for a person (in the extension's language), never a secret. */
  message: string;
}

export type BridgeReply<T = BridgeProfile[] | BridgeHeaders> =
  { ok: true; value: T } | { ok: false; error: BridgeError };

/**
 * Host → extension (native messaging). `ready`: the host listens on its socket (sent once, after
 * the extension's hello). `id` is the host's, unique while the host runs.
 */
export type HostToExtension =
  | { kind: 'ready' }
  | { kind: 'request'; id: string; request: BridgeRequest }
  | { kind: 'cancel'; id: string };

/** Extension → host. `changed`: sessions or grants changed, clients holding headers ask again. */
export type ExtensionToHost =
  | { kind: 'hello'; browser: 'chrome' | 'firefox'; extensionId: string; version: string }
  | { kind: 'reply'; id: string; reply: BridgeReply }
  | { kind: 'changed' };

/** CLI → host (Unix socket). `id` is the client's, unique on its connection. */
export type ClientToHost = { kind: 'request'; id: number; request: BridgeRequest };

/** Host → CLI. `hello` first, on connect, once the host has heard from the extension. */
export type HostToClient =
  | { kind: 'hello'; browser: 'chrome' | 'firefox'; extensionId: string; version: string }
  | { kind: 'reply'; id: number; reply: BridgeReply }
  | { kind: 'changed' };
