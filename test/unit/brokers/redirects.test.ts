// Auth requests never follow a redirect: at every step of every broker, a 307 or 308 to another
// host is an error that names that host, and the other host receives nothing (no password, no
// Et-App-Key, no refresh token, no body). Against the sandbox over real HTTP.
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../sandbox/index.ts';
import type { Sandbox, SandboxBroker } from '../../../sandbox/index.ts';
import { brokers } from '../../../src/brokers/index.ts';
import { englishOf, brokerText } from '../../../src/brokers/messages.ts';
import type { BrokerProfile, LoginStep, ProtocolDeps, Tokens } from '../../../src/brokers/types.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.reset());

const deps: ProtocolDeps = { fetch, now: Date.now };
const profile = (broker: SandboxBroker): BrokerProfile => ({
  broker,
  apiBaseUrl: sb.loopbackUrls[broker],
  ...(broker === 'etna' ? { appKey: sb.etnaAppKey } : {}),
});
const totp = () =>
  new TOTP({ secret: Secret.fromBase32(sb.totpSecret), algorithm: 'SHA1', digits: 6, period: 30 }).generate();

function activeTokens(step: LoginStep): Tokens {
  if (step.kind !== 'active') throw new Error(`expected active, got ${step.kind}`);
  return step.tokens;
}
function pendingOf(step: LoginStep) {
  if (step.kind !== 'challenge') throw new Error(`expected a challenge, got ${step.kind}`);
  return step.pending;
}

const { volven, etna, traderevolution: te } = brokers;

/** Each step: the path it hits, and the step itself; `arm` injects the redirect right before it. */
const STEPS: Record<
  string,
  { broker: SandboxBroker; path: string; run: (arm: () => void) => Promise<unknown> }
> = {
  'Volven login': {
    broker: 'volven',
    path: '/auth/login',
    run: (arm) => {
      arm();
      return volven.login(
        profile('volven'),
        { username: 'nomfa@volven.test', password: 'volven-demo' },
        deps,
      );
    },
  },
  'Volven challenge answer': {
    broker: 'volven',
    path: '/auth/login',
    run: async (arm) => {
      const login = await volven.login(
        profile('volven'),
        { username: 'trader@volven.test', password: 'volven-demo' },
        deps,
      );
      arm();
      return volven.answerChallenge(profile('volven'), pendingOf(login), totp(), deps);
    },
  },
  'Volven refresh': {
    broker: 'volven',
    path: '/auth/login',
    run: async (arm) => {
      const login = await volven.login(
        profile('volven'),
        { username: 'nomfa@volven.test', password: 'volven-demo' },
        deps,
      );
      arm();
      return volven.refresh!(profile('volven'), activeTokens(login), deps);
    },
  },
  'ETNA first /token': {
    broker: 'etna',
    path: '/token',
    run: (arm) => {
      arm();
      return etna.login(profile('etna'), { username: 'etna-trader', password: 'etna-demo' }, deps);
    },
  },
  'ETNA code step': {
    broker: 'etna',
    path: '/token',
    run: async (arm) => {
      const login = await etna.login(
        profile('etna'),
        { username: 'etna-trader', password: 'etna-demo' },
        deps,
      );
      arm();
      return etna.answerChallenge(profile('etna'), pendingOf(login), sb.lastCode('etna-trader') ?? '', deps);
    },
  },
  'TraderEvolution login': {
    broker: 'traderevolution',
    path: '/auth/token',
    run: (arm) => {
      arm();
      return te.login(profile('traderevolution'), { username: 'te-trader', password: 'te-demo' }, deps);
    },
  },
  'TraderEvolution refresh': {
    broker: 'traderevolution',
    path: '/auth/token/refresh',
    run: async (arm) => {
      const login = await te.login(
        profile('traderevolution'),
        { username: 'te-trader', password: 'te-demo' },
        deps,
      );
      arm();
      return te.refresh!(profile('traderevolution'), activeTokens(login), deps);
    },
  },
  'TraderEvolution one-time-token verify': {
    broker: 'traderevolution',
    path: '/external/token/verify',
    run: async (arm) => {
      const login = await te.login(
        profile('traderevolution'),
        { username: 'te-trader', password: 'te-demo' },
        deps,
      );
      arm();
      return te.verifyOneTimeToken!(
        profile('traderevolution'),
        activeTokens(login),
        sb.mintOneTimeToken('te-trader'),
        deps,
      );
    },
  },
};

describe.each([307, 308] as const)('a %i to another host', (status) => {
  it.each(Object.keys(STEPS))('%s: an error naming the host, and nothing reaches that host', async (name) => {
    const step = STEPS[name]!;
    const result = await step.run(() =>
      sb.injectFaults(step.broker, { kind: 'redirect', count: 1, path: step.path, redirectStatus: status }),
    );
    // First, so that on code that follows redirects the failure shows what leaked.
    expect(sb.otherHost.requests()).toEqual([]);
    const otherHost = new URL(sb.otherHost.loopbackUrl).host;
    expect(result).toEqual({
      kind: 'failed',
      error: {
        code: 'redirected',
        message: englishOf(brokerText('brokerRedirectedTo', otherHost)),
        text: brokerText('brokerRedirectedTo', otherHost),
      },
    });
    expect(
      sb.requests({ broker: step.broker }).filter((r) => r.path.includes(step.path)).length,
    ).toBeGreaterThan(0);
  });
});
