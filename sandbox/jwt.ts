import { createHmac, randomBytes, randomUUID } from 'node:crypto';

/**
 * Real-looking JWTs (HS256 with a per-process key), so that clients which read the `exp` claim as
 * a cross-check exercise that path. The sandbox never trusts the signature alone: validity is
 * decided by its token store, which is what lets it revoke and prolong.
 */
const signingKey = randomBytes(32);

function b64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

export function signJwt(claims: { sub: string; iss: string; expiresAt: number; now: number }): string {
  const header = { alg: 'HS256', typ: 'JWT', kid: 'sandbox-1' };
  const payload = {
    sub: claims.sub,
    iss: claims.iss,
    iat: Math.floor(claims.now / 1000),
    exp: Math.floor(claims.expiresAt / 1000),
    jti: randomUUID(),
    token_use: 'access',
  };
  const body = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = createHmac('sha256', signingKey).update(body).digest('base64url');
  return `${body}.${signature}`;
}

/** Opaque random token; `encoding` lets ETNA's look like its docs (base64 with `+`, `/`, `=`). */
export function randomToken(bytes = 32, encoding: 'base64url' | 'base64' = 'base64url'): string {
  return randomBytes(bytes).toString(encoding);
}
