import * as v from 'valibot';

/**
 * Volven's `expirationTime` is a duration in seconds at login and an absolute Unix time on
 * refresh (and some deployments may send milliseconds). The magnitude tells them apart: a
 * duration of 1e9 s is 31 years, and 1e12 s is far beyond any date a token would carry.
 */
export function normaliseExpiry(expirationTime: number, now: number): number {
  if (expirationTime < 1e9) return now + expirationTime * 1000;
  if (expirationTime < 1e12) return expirationTime * 1000;
  return expirationTime;
}

const JwtPayload = v.object({ exp: v.pipe(v.number(), v.finite()) });

/** The `exp` claim of a JWT in epoch ms, read without verifying; `undefined` for anything else. */
export function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined || !/^[A-Za-z0-9_-]+$/.test(parts[1])) return undefined;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
    const parsed = v.safeParse(JwtPayload, JSON.parse(json));
    return parsed.success ? parsed.output.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** The token cannot outlive its own `exp`, whatever the body says: trust the earlier of the two. */
export function crossCheckExpiry(expiresAt: number, token: string): number {
  const exp = jwtExpiry(token);
  return exp !== undefined && exp < expiresAt ? exp : expiresAt;
}
