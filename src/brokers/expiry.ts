import * as v from 'valibot';
import { decodeJwt } from './jwt.ts';

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

const ExpClaim = v.pipe(v.number(), v.finite());

/** The `exp` claim of a JWT in epoch ms, read without verifying; `undefined` for anything else. */
export function jwtExpiry(token: string): number | undefined {
  const parsed = v.safeParse(ExpClaim, decodeJwt(token)?.claims.exp);
  return parsed.success ? parsed.output * 1000 : undefined;
}

/** The token cannot outlive its own `exp`, whatever the body says: trust the earlier of the two. */
export function crossCheckExpiry(expiresAt: number, token: string): number {
  const exp = jwtExpiry(token);
  return exp !== undefined && exp < expiresAt ? exp : expiresAt;
}
