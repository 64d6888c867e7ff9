/**
 * What one API answer says about the session whose token it carried, per broker: the table below
 * is the decision. Only a 401 outside the broker's own sign-in and renewal endpoints refuses the
 * session; a 401 on those is someone's sign-in attempt, and every other status is about one
 * request, not the session.
 */
import { describe, expect, it } from 'vitest';
import type { BrokerId } from '../../../src/brokers/types.ts';
import { verdictOf } from '../../../src/brokers/verdict.ts';

/** A path each broker's users really browse with the token (broker-protocols.md). */
const API_PATH: Record<BrokerId, string> = {
  volven: '/as/v3/accounts',
  etna: '/v1.0/accounts/7/orders',
  traderevolution: '/v2/accounts',
};

describe('a 401 on an API path refuses the session', () => {
  it.each<[BrokerId, string]>([
    ['volven', '/as/v3/accounts'],
    ['volven', '/mms/v2/productDetails'],
    ['volven', '/volven-broker/quotes'],
    ['volven', '/httpserver/main/v2/accounts'],
    ['etna', '/v1.0/accounts/7/orders'],
    ['etna', '/v1.0/equities/lookup'],
    ['etna', '/v1.0/streamers'],
    ['traderevolution', '/v2/accounts'],
    ['traderevolution', '/swagger-ui.html'],
    ['traderevolution', '/external/users'],
    ['traderevolution', '/'],
  ])('%s %s → refused', (broker, path) => {
    expect(verdictOf(broker, 401, path)).toBe('refused');
  });
});

describe('a 401 on a sign-in or renewal path is a sign-in attempt, not a verdict', () => {
  it.each<[BrokerId, string, string]>([
    ['volven', '/httpserver/main/v2/auth/login', 'sign-in, code step and renewal'],
    ['volven', '/httpserver/main/v2/auth/logout', 'another step of its auth folder'],
    ['etna', '/token', 'sign-in and code step'],
    ['etna', '/token/', 'the same with a trailing slash'],
    ['traderevolution', '/auth/token', 'sign-in'],
    ['traderevolution', '/auth/token/refresh', 'renewal'],
    ['traderevolution', '/external/token/verify', 'one-time-token check'],
    ['traderevolution', '/auth/pfixtoken/verify', "the front end's one-time-token check"],
  ])('%s %s (%s) → not a verdict', (broker, path) => {
    expect(verdictOf(broker, 401, path)).toBe('not-a-verdict');
  });
});

describe('a path that merely starts with the same letters is still an API path', () => {
  it.each<[BrokerId, string]>([
    ['etna', '/tokens'],
    ['etna', '/token-info'],
    ['traderevolution', '/authority'],
    ['traderevolution', '/auth'],
    ['traderevolution', '/external/token/verifyall'],
    ['volven', '/httpserver/main/v2/authority'],
    ['volven', '/httpserver/main/v2/auth'],
  ])('%s %s → refused', (broker, path) => {
    expect(verdictOf(broker, 401, path)).toBe('refused');
  });
});

describe('sign-in paths are per broker: another broker’s sign-in path is an API path', () => {
  it.each<[BrokerId, string]>([
    ['volven', '/token'],
    ['volven', '/auth/token/refresh'],
    ['etna', '/auth/token'],
    ['etna', '/httpserver/main/v2/auth/login'],
    ['traderevolution', '/token'],
    ['traderevolution', '/httpserver/main/v2/auth/login'],
  ])('%s %s → refused', (broker, path) => {
    expect(verdictOf(broker, 401, path)).toBe('refused');
  });
});

describe('every other status is about one request, not the session', () => {
  const statuses: [number, string][] = [
    [200, 'fine'],
    [204, 'fine, no body'],
    [302, 'a redirect'],
    [400, 'a bad request'],
    [403, 'no right to this resource, or ETNA’s wrong Et-App-Key'],
    [404, 'no such resource'],
    [429, 'slow down'],
    [500, 'the broker’s trouble'],
    [502, 'a gateway’s trouble'],
    [503, 'the broker is away'],
  ];
  const brokers: BrokerId[] = ['volven', 'etna', 'traderevolution'];
  it.each(brokers.flatMap((broker) => statuses.map(([status, why]) => [broker, status, why] as const)))(
    '%s %i (%s) on an API path → not a verdict',
    (broker, status) => {
      expect(verdictOf(broker, status, API_PATH[broker])).toBe('not-a-verdict');
    },
  );
});
