// A token that cannot travel as a request header never becomes a session: each broker's login
// and refresh against the sandbox over real HTTP, with the sandbox issuing a CR/LF or 20 kB token.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SandboxBroker } from '../../../sandbox/index.ts';
import type { TokenCorruption } from '../../../sandbox/corrupt-token.ts';
import { brokers } from '../../../src/brokers/index.ts';
import type { BrokerProfile, LoginStep, RefreshResult, Tokens } from '../../../src/brokers/types.ts';

const NOT_A_HEADER = 'The broker sent a token that cannot be used in a request header.';
const CORRUPTIONS: TokenCorruption[] = ['crlf', 'huge'];

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.reset());

const deps = { fetch, now: Date.now };
const profile = (broker: SandboxBroker): BrokerProfile => ({
  broker,
  apiBaseUrl: sb.loopbackUrls[broker],
  ...(broker === 'etna' ? { appKey: sb.etnaAppKey } : {}),
});
/** Users who get their tokens in one step. */
const USERS = {
  volven: { username: 'nomfa@volven.test', password: 'volven-demo' },
  etna: { username: 'etna-plain', password: 'etna-demo' },
  traderevolution: { username: 'te-trader', password: 'te-demo' },
};
const login = (broker: SandboxBroker) => brokers[broker].login(profile(broker), USERS[broker], deps);

function active(result: LoginStep | RefreshResult): Tokens {
  if (result.kind !== 'active') throw new Error(`expected active, got ${JSON.stringify(result)}`);
  return result.tokens;
}

/** Refused as a bad response with the sentence for it, and the corrupted token nowhere in it. */
function expectRefused(result: LoginStep | RefreshResult, broker: SandboxBroker) {
  expect(result).toMatchObject({ kind: 'failed', error: { code: 'bad-response', message: NOT_A_HEADER } });
  const said = JSON.stringify(result);
  for (const { token } of sb.issuedTokens({ broker })) expect(said).not.toContain(token);
}

describe.each(['volven', 'etna', 'traderevolution'] as const)('%s', (broker) => {
  it.each(CORRUPTIONS)('refuses a sign-in whose access token is %s', async (how) => {
    sb.corruptNextToken(broker, how);
    expectRefused(await login(broker), broker);
    // The sandbox did issue it: the protocol, not the server, said no.
    expect(sb.issuedTokens({ broker, kind: 'access' })).toHaveLength(1);
    // The next, ordinary token is fine again.
    expect(active(await login(broker)).accessToken).toBe(
      sb.issuedTokens({ broker, kind: 'access' })[1]?.token,
    );
  });
});

describe.each(['volven', 'traderevolution'] as const)('%s refresh', (broker) => {
  it.each(CORRUPTIONS)('refuses a renewal whose new access token is %s', async (how) => {
    const tokens = active(await login(broker));
    sb.corruptNextToken(broker, how);
    expectRefused(await brokers[broker].refresh!(profile(broker), tokens, deps), broker);
  });

  it.each(CORRUPTIONS)('refuses a sign-in whose refresh token is %s', async (how) => {
    sb.corruptNextToken(broker, how, 'refresh');
    expectRefused(await login(broker), broker);
  });
});

it('traderevolution: refuses a renewal whose new refresh token is crlf (it goes back as a header)', async () => {
  const tokens = active(await login('traderevolution'));
  sb.corruptNextToken('traderevolution', 'crlf', 'refresh');
  expectRefused(
    await brokers.traderevolution.refresh!(profile('traderevolution'), tokens, deps),
    'traderevolution',
  );
});

it('etna: refuses an interim token of the code step that is crlf (it goes back in Authorization)', async () => {
  sb.corruptNextToken('etna', 'crlf', 'interim');
  const user = { username: 'etna-trader', password: 'etna-demo' };
  expectRefused(await brokers.etna.login(profile('etna'), user, deps), 'etna');
});

it('etna: sends nothing with an app key that cannot be a header value', async () => {
  for (const appKey of ['demo-app-key\r\nX-Injected: 1', `k${'e'.repeat(9000)}y`]) {
    const result = await brokers.etna.login({ ...profile('etna'), appKey }, USERS.etna, deps);
    expect(result).toMatchObject({ kind: 'failed', error: { code: 'app-key-rejected' } });
  }
  expect(sb.requests({ broker: 'etna' })).toEqual([]);
});
