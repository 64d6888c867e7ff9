/**
 * decodeJwt reads a JWT's header and claims (base64url, UTF-8 JSON objects) without verifying,
 * and is undefined for anything that is not three base64url parts whose first two are JSON
 * objects. The signature is never returned.
 */
import { describe, expect, it } from 'vitest';
import { jwtExpiry } from '../../../src/brokers/expiry.ts';
import { decodeJwt } from '../../../src/brokers/jwt.ts';

const part = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const rawPart = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
/** Bytes that are no base64url text of anything readable, and that no claim repeats. */
const SIGNATURE = Buffer.from('signature-bytes-\u00ff\u00fe-never-shown', 'latin1').toString('base64url');

const BASE64_CLAIMS = Buffer.from(JSON.stringify({ sub: '>>>???' })).toString('base64');

const HEADER = { alg: 'RS256', typ: 'JWT', kid: 'key-1' };
const CLAIMS = {
  sub: 'c0ffee',
  name: 'Øyvind Ærø',
  'cognito:groups': ['traders'],
  exp: 1_900_000_000,
  iat: 1_899_996_400,
  nested: { desk: 'Oslo – børs' },
};
const token = (claims: unknown = CLAIMS, header: unknown = HEADER) =>
  `${part(header)}.${part(claims)}.${SIGNATURE}`;

describe('decodeJwt', () => {
  it('reads the header and the claims of a real JWT', () => {
    expect(decodeJwt(token())).toEqual({ header: HEADER, claims: CLAIMS });
  });

  it('reads UTF-8 claims (a name like "Øyvind", a dash, an emoji) as the characters they are', () => {
    const claims = { name: 'Øyvind', city: 'Tromsø', note: 'a – b 📈' };
    expect(decodeJwt(token(claims))?.claims).toEqual(claims);
  });

  it('reads parts whose length needs no padding, one or two padding characters', () => {
    for (const sub of ['a', 'ab', 'abc', 'abcd']) {
      const claims = { sub };
      expect(decodeJwt(token(claims))?.claims).toEqual(claims);
    }
  });

  it('reads base64url’s own characters (- and _), where base64 would have + and /', () => {
    // '>>>' and '???' are the bytes that base64 writes with '+' and '/'.
    const claims = { sub: '>>>???' };
    const encoded = part(claims);
    expect(encoded).toMatch(/[-_]/);
    expect(decodeJwt(`${part(HEADER)}.${encoded}.${SIGNATURE}`)?.claims).toEqual(claims);
  });

  it('never returns the signature, anywhere in what it gives back', () => {
    const parts = decodeJwt(token());
    expect(parts).toBeDefined();
    expect(Object.keys(parts!).sort()).toEqual(['claims', 'header']);
    const text = JSON.stringify(parts);
    expect(text).not.toContain(SIGNATURE);
    expect(text).not.toContain('signature');
    expect(text).not.toContain(token());
  });

  it('accepts an unsecured JWT (alg "none", empty signature), still without a signature', () => {
    const unsecured = `${part({ alg: 'none' })}.${part({ sub: 'x' })}.`;
    expect(decodeJwt(unsecured)).toEqual({ header: { alg: 'none' }, claims: { sub: 'x' } });
  });

  it.each([
    ['an empty string', ''],
    ['one part', part(HEADER)],
    ['two parts', `${part(HEADER)}.${part(CLAIMS)}`],
    ['four parts', `${part(HEADER)}.${part(CLAIMS)}.${SIGNATURE}.${SIGNATURE}`],
    ['five parts (a JWE)', `${part(HEADER)}.${part(CLAIMS)}.a.b.c`],
    ['an empty header', `.${part(CLAIMS)}.${SIGNATURE}`],
    ['empty claims', `${part(HEADER)}..${SIGNATURE}`],
    ['a header that is not JSON', `${rawPart('alg=RS256')}.${part(CLAIMS)}.${SIGNATURE}`],
    ['claims that are not JSON', `${part(HEADER)}.${rawPart('{"sub": "cut')}.${SIGNATURE}`],
    ['claims that are a JSON array', `${part(HEADER)}.${part(['sub', 'x'])}.${SIGNATURE}`],
    ['a header that is a JSON array', `${part([HEADER])}.${part(CLAIMS)}.${SIGNATURE}`],
    ['claims that are JSON null', `${part(HEADER)}.${part(null)}.${SIGNATURE}`],
    ['claims that are a JSON string', `${part(HEADER)}.${part('sub')}.${SIGNATURE}`],
    ['claims that are a JSON number', `${part(HEADER)}.${part(42)}.${SIGNATURE}`],
    // '>>>???' is written with '+' and '/' in base64, and needs padding: readable, but not base64url.
    ['base64 (not base64url) characters', `${part(HEADER)}.${BASE64_CLAIMS.replace(/=+$/, '')}.${SIGNATURE}`],
    ['base64 padding', `${part(HEADER)}.${BASE64_CLAIMS}.${SIGNATURE}`],
    ['a space inside a part', `${part(HEADER)}.${part(CLAIMS).slice(0, 8)} ${part(CLAIMS).slice(8)}.x`],
    ['a "Bearer " prefix', `Bearer ${token()}`],
    ['a part of an impossible length (4n + 1)', `${part(HEADER)}.${part({ sub: 1 })}A.${SIGNATURE}`],
    [
      'claims that are not UTF-8',
      // A byte that is no UTF-8 inside a JSON string: a lenient decoder would make it '\uFFFD'.
      `${part(HEADER)}.${Buffer.concat([Buffer.from('{"sub":"'), Buffer.from([0xff]), Buffer.from('"}')]).toString('base64url')}.x`,
    ],
    ['an opaque token', 'f3a9c2d1-77e0-4c0a-9d8e-0123456789ab'],
  ])('is undefined for %s', (_, value) => {
    expect(decodeJwt(value)).toBeUndefined();
  });
});

describe('jwtExpiry reads exp through decodeJwt', () => {
  it('gives exp in epoch ms for a JWT with UTF-8 claims', () => {
    expect(jwtExpiry(token())).toBe(1_900_000_000_000);
  });

  it('is undefined when exp is missing or not a finite number, or the token is no JWT', () => {
    expect(jwtExpiry(token({ sub: 'x' }))).toBeUndefined();
    expect(jwtExpiry(token({ exp: '1900000000' }))).toBeUndefined();
    expect(jwtExpiry(`${part(HEADER)}.${part({ exp: 1 })}`)).toBeUndefined();
    expect(jwtExpiry(`${part(HEADER)}.${part([{ exp: 1 }])}.${SIGNATURE}`)).toBeUndefined();
  });
});
