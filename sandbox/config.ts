import type { FaultSpec, SandboxConfig } from './types.ts';

export const DEFAULT_CONFIG: Readonly<SandboxConfig> = Object.freeze({
  accessTokenLifetimeSec: 3600,
  refreshTokenLifetimeSec: 86400,
  challengeLifetimeSec: 180,
  volvenRefreshVariant: 'new-header',
  volvenMfaErrors: 'volven',
  etnaLoginLimitPerMinute: 10,
  etnaIdleSec: null,
  hangMs: 60_000,
  teVerifyPlainString: false,
});

const POSITIVE_KEYS = ['accessTokenLifetimeSec', 'refreshTokenLifetimeSec', 'challengeLifetimeSec'] as const;
const NON_NEGATIVE_KEYS = ['etnaLoginLimitPerMinute', 'hangMs'] as const;

/**
 * Checks a config patch from an untrusted source (the control endpoint, env vars, or a test).
 * A typo must fail loudly: a silently ignored key makes a test pass for the wrong reason.
 */
export function parseConfigPatch(input: unknown): Partial<SandboxConfig> | { error: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { error: 'config patch must be a JSON object' };
  }
  const patch: Partial<SandboxConfig> = {};
  for (const [key, value] of Object.entries(input)) {
    if ((POSITIVE_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
        return { error: `${key} must be a positive number` };
      }
      patch[key as (typeof POSITIVE_KEYS)[number]] = value;
    } else if ((NON_NEGATIVE_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        return { error: `${key} must be a number >= 0` };
      }
      patch[key as (typeof NON_NEGATIVE_KEYS)[number]] = value;
    } else if (key === 'volvenRefreshVariant') {
      if (value !== 'new-header' && value !== 'prolong') {
        return { error: "volvenRefreshVariant must be 'new-header' or 'prolong'" };
      }
      patch.volvenRefreshVariant = value;
    } else if (key === 'volvenMfaErrors') {
      if (value !== 'volven' && value !== 'cognito') {
        return { error: "volvenMfaErrors must be 'volven' or 'cognito'" };
      }
      patch.volvenMfaErrors = value;
    } else if (key === 'etnaIdleSec') {
      // null, not 0, turns it off: 0 would read as "every token is idle at once".
      if (value !== null && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)) {
        return { error: 'etnaIdleSec must be a positive number, or null for no idle limit' };
      }
      patch.etnaIdleSec = value;
    } else if (key === 'teVerifyPlainString') {
      if (typeof value !== 'boolean') return { error: 'teVerifyPlainString must be a boolean' };
      patch.teVerifyPlainString = value;
    } else {
      return { error: `unknown config key: ${key}` };
    }
  }
  return patch;
}

const FAULT_KINDS: readonly string[] = ['500', 'hang', 'malformed', '429', 'drop', 'redirect'];
const REDIRECT_STATUSES: readonly unknown[] = [301, 302, 303, 307, 308];

/** Same idea for fault injections. */
export function parseFaultSpec(input: unknown): FaultSpec | { error: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { error: 'fault must be a JSON object' };
  }
  const { kind, count, path, host, retryAfterSec, redirectStatus } = input as Record<string, unknown>;
  if (typeof kind !== 'string' || !FAULT_KINDS.includes(kind)) {
    return { error: `kind must be one of ${FAULT_KINDS.join(', ')}` };
  }
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    return { error: 'count must be an integer >= 1' };
  }
  if (path !== undefined && typeof path !== 'string') return { error: 'path must be a string' };
  if (host !== undefined && typeof host !== 'string') return { error: 'host must be a string' };
  if (retryAfterSec !== undefined && (typeof retryAfterSec !== 'number' || retryAfterSec < 0)) {
    return { error: 'retryAfterSec must be a number >= 0' };
  }
  if (redirectStatus !== undefined && !REDIRECT_STATUSES.includes(redirectStatus)) {
    return { error: 'redirectStatus must be one of 301, 302, 303, 307, 308' };
  }
  const spec: FaultSpec = { kind: kind as FaultSpec['kind'], count };
  if (redirectStatus !== undefined)
    spec.redirectStatus = redirectStatus as FaultSpec['redirectStatus'] & number;
  if (path !== undefined) spec.path = path;
  if (host !== undefined) spec.host = host;
  if (retryAfterSec !== undefined) spec.retryAfterSec = retryAfterSec;
  return spec;
}
