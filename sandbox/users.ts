import { Secret, TOTP } from 'otpauth';
import type { DemoUser, SandboxBroker } from './types.ts';

/** 32 base32 characters = 160 bits, the RFC 6238 size for SHA1. Fixed so authenticator apps keep working. */
export const TOTP_SECRET = 'JBSWY3DPEHPK3PXPVOLVENDEMOKEY234';

export const ETNA_APP_KEY = 'demo-app-key';

const totp = new TOTP({
  issuer: 'Volven Sandbox',
  label: 'trader@volven.test',
  secret: Secret.fromBase32(TOTP_SECRET),
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
});

export const TOTP_URI = totp.toString();

/** One step either side absorbs clock skew between the sandbox and the person's phone. */
export function isValidTotp(code: string, now: number): boolean {
  return /^\d{6}$/.test(code) && totp.validate({ token: code, timestamp: now, window: 1 }) !== null;
}

export const DEMO_USERS: readonly DemoUser[] = Object.freeze([
  {
    broker: 'volven',
    username: 'trader@volven.test',
    password: 'volven-demo',
    mfa: 'totp',
    note: 'TOTP challenge (SOFTWARE_TOKEN_MFA); add the TOTP secret to an authenticator app',
  },
  { broker: 'volven', username: 'nomfa@volven.test', password: 'volven-demo', mfa: 'none', note: 'no MFA' },
  {
    broker: 'etna',
    username: 'etna-trader',
    password: 'etna-demo',
    mfa: 'code',
    note: 'email code, first step answers 202; read the code from the outbox',
  },
  {
    broker: 'etna',
    username: 'etna-sms',
    password: 'etna-demo',
    mfa: 'code',
    note: 'SMS code, first step answers 200 (also documented); read the code from the outbox',
  },
  {
    broker: 'etna',
    username: 'etna-pin',
    password: 'etna-demo',
    mfa: 'pin',
    note: 'Step "SecutityPin" (sic), answered with header PinCode; the PIN is 2468',
  },
  { broker: 'etna', username: 'etna-plain', password: 'etna-demo', mfa: 'none', note: 'no 2FA' },
  {
    broker: 'traderevolution',
    username: 'te-trader',
    password: 'te-demo',
    mfa: 'none',
    note: 'access + refresh tokens (TraderEvolution has no MFA step)',
  },
  {
    broker: 'traderevolution',
    username: 'te-norest',
    password: 'te-demo',
    mfa: 'none',
    note: 'login refused: error 2.0.2.4, no REST API access',
  },
]);

/** The user only if the password matches too: callers must not learn which of the two was wrong. */
export function findUser(broker: SandboxBroker, username: string, password: string): DemoUser | undefined {
  return DEMO_USERS.find((u) => u.broker === broker && u.username === username && u.password === password);
}

export function userExists(broker: SandboxBroker, username: string): boolean {
  return DEMO_USERS.some((u) => u.broker === broker && u.username === username);
}
