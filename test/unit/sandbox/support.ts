import { Secret, TOTP } from 'otpauth';

/** The current code of the sandbox's demo authenticator, computed the way a phone would. */
export function totpCode(secret: string, timestamp = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp,
  });
}

/** A code that is certainly wrong now (the real one with its first digit changed). */
export function wrongCode(secret: string, timestamp = Date.now()): string {
  const real = totpCode(secret, timestamp);
  return `${(Number(real[0]) + 1) % 10}${real.slice(1)}`;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export function decodeJwtPayload(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function bearerOf(res: Response): string | undefined {
  return /^Bearer (.+)$/.exec(res.headers.get('authorization') ?? '')?.[1];
}

/**
 * A clock for the sandbox's `now` option that moves only when the test moves it, so a lifetime
 * of one second is crossed without waiting one.
 */
export function testClock(start = Date.now()) {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
  };
}
