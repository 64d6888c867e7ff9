/**
 * Shape checks for what arrives on the bridge. Every peer is a separate program (a script may
 * speak to the socket directly), so nothing is trusted to have its declared type until it is
 * checked here.
 */
import type {
  BridgeError,
  BridgeHeaders,
  BridgeProfile,
  BridgeReply,
  BridgeRequest,
  ClientToHost,
  ExtensionToHost,
  HostToClient,
} from '../shared/bridge-protocol.ts';

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown, max = 1000): value is string =>
  typeof value === 'string' && value.length <= max;
const isOptional = (value: unknown, check: (value: unknown) => boolean) =>
  value === undefined || check(value);
const isEpochMs = (value: unknown) => typeof value === 'number' && Number.isFinite(value);

/** A request id on a client's connection: a plain non-negative integer. */
export const isClientId = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

const TOKEN_PRINT = /^[0-9a-f]{32}$/;
/** An HTTP header name (RFC 9110 token) and a value Node would send (no CR, LF or NUL). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function isProgram(value: unknown): boolean {
  return isObject(value) && isString(value.command) && isOptional(value.parent, (p) => isString(p));
}

export function isBridgeRequest(value: unknown): value is BridgeRequest {
  if (!isObject(value)) return false;
  if (value.type === 'list') return Object.keys(value).length === 1;
  return (
    value.type === 'headers' &&
    isString(value.profile, 200) &&
    value.profile.length > 0 &&
    isProgram(value.program) &&
    isOptional(value.staleTokenPrint, (p) => typeof p === 'string' && TOKEN_PRINT.test(p))
  );
}

export function isClientToHost(value: unknown): value is ClientToHost {
  return (
    isObject(value) && value.kind === 'request' && isClientId(value.id) && isBridgeRequest(value.request)
  );
}

function isBridgeError(value: unknown): value is BridgeError {
  return isObject(value) && isString(value.code, 100) && isString(value.message);
}

/** The envelope of a reply; its value is checked by whoever knows what was asked. */
export function isBridgeReply(value: unknown): value is BridgeReply<unknown> {
  if (!isObject(value)) return false;
  return value.ok === true ? 'value' in value : value.ok === false && isBridgeError(value.error);
}

const isHello = (value: Obj) =>
  value.kind === 'hello' &&
  (value.browser === 'chrome' || value.browser === 'firefox') &&
  isString(value.extensionId, 200) &&
  isString(value.version, 100);

export function isExtensionToHost(value: unknown): value is ExtensionToHost {
  if (!isObject(value)) return false;
  if (value.kind === 'reply') return isString(value.id, 100) && isBridgeReply(value.reply);
  return value.kind === 'changed' || isHello(value);
}

export function isHostToClient(value: unknown): value is HostToClient {
  if (!isObject(value)) return false;
  if (value.kind === 'reply') return isClientId(value.id) && isBridgeReply(value.reply);
  return value.kind === 'changed' || isHello(value);
}

const isProfileRef = (value: unknown) =>
  isObject(value) && isString(value.id) && isString(value.name) && isString(value.broker, 50);

export function isBridgeHeaders(value: unknown): value is BridgeHeaders {
  if (!isObject(value) || !isProfileRef(value.profile)) return false;
  if (!isString(value.apiBaseUrl, 2000) || !isString(value.accessToken, 64 * 1024)) return false;
  if (!isObject(value.headers) || !isOptional(value.expiresAt, isEpochMs)) return false;
  return Object.entries(value.headers).every(
    ([name, header]) => HEADER_NAME.test(name) && typeof header === 'string' && HEADER_VALUE.test(header),
  );
}

export function isBridgeProfiles(value: unknown): value is BridgeProfile[] {
  return (
    Array.isArray(value) &&
    value.every(
      (profile) =>
        isProfileRef(profile) &&
        isString(profile.apiBaseUrl, 2000) &&
        isString(profile.state, 50) &&
        isOptional(profile.expiresAt, isEpochMs),
    )
  );
}
