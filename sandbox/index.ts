/**
 * The local broker sandbox: Volven, ETNA and TraderEvolution auth APIs on loopback, one port each,
 * for unit tests (Node fetch on 127.0.0.1), e2e tests (Chromium via `*.test` host names mapped to
 * 127.0.0.1), benchmarks and people (`npm run sandbox`).
 */
import { DEFAULT_CONFIG, parseConfigPatch, parseFaultSpec } from './config.ts';
import { createControl } from './control.ts';
import { FaultQueue } from './faults.ts';
import { HoldQueue } from './holds.ts';
import { startOtherHost } from './other-host.ts';
import { createBrokerServer } from './server.ts';
import type { BrokerServer } from './server.ts';
import { createEtna } from './etna.ts';
import { SandboxState } from './state.ts';
import { createTraderEvolution, mintOneTimeToken } from './traderevolution.ts';
import { BROKERS } from './types.ts';
import type { Sandbox, SandboxBroker, SandboxConfig, SandboxOptions } from './types.ts';
import { DEMO_USERS, ETNA_APP_KEY, TOTP_SECRET, TOTP_URI } from './users.ts';
import { createVolven } from './volven.ts';
import { createVolvenQuotes } from './volven-quotes.ts';

export type {
  DemoUser,
  FaultKind,
  FaultSpec,
  IssuedToken,
  OutboxMessage,
  RecordedRequest,
  Sandbox,
  SandboxBroker,
  SandboxConfig,
  SandboxOptions,
} from './types.ts';
export { DEFAULT_PORTS } from './types.ts';
export { DEFAULT_CONFIG } from './config.ts';

/** Browser-facing host names; Chromium maps them with `--host-resolver-rules=MAP *.test 127.0.0.1`. */
export const SANDBOX_HOSTS: Record<SandboxBroker, string> = {
  volven: 'api.volven.test',
  etna: 'api.etna.test',
  traderevolution: 'bo.traderevolution.test',
};

/** Each broker's base path, as its docs put it (Volven's base URL is the bare origin). */
export const BASE_PATHS: Record<SandboxBroker, string> = {
  volven: '',
  etna: '/api',
  traderevolution: '/proftrading/rest',
};

function checkedPatch(patch: unknown): Partial<SandboxConfig> {
  const parsed = parseConfigPatch(patch);
  if ('error' in parsed) throw new Error(`sandbox config: ${String(parsed.error)}`);
  return parsed;
}

function baseUrls(host: (b: SandboxBroker) => string, ports: Record<SandboxBroker, number>) {
  const out = {} as Record<SandboxBroker, string>;
  for (const b of BROKERS) out[b] = `http://${host(b)}:${ports[b]}${BASE_PATHS[b]}`;
  return out;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const state = new SandboxState(options.now);
  state.config = { ...DEFAULT_CONFIG, ...checkedPatch(options.config ?? {}) };
  const faults = new FaultQueue();
  const holds = new HoldQueue();
  const otherHost = await startOtherHost(options.otherHostPort ?? 0);
  const log = options.log ?? (() => undefined);
  // Control requests can only arrive once the ports listen, i.e. after `ref.current` is set.
  const ref: { current?: Sandbox } = {};
  const control = createControl(() => ref.current);

  const modules = {
    volven: createVolven(state),
    etna: createEtna(state),
    traderevolution: createTraderEvolution(state),
  };
  const servers = {} as Record<SandboxBroker, BrokerServer>;
  for (const broker of BROKERS) {
    const quotes = broker === 'volven' ? createVolvenQuotes(state) : undefined;
    servers[broker] = createBrokerServer({
      broker,
      state,
      faults,
      holds,
      otherHost,
      module: modules[broker],
      control,
      log,
      ...(quotes ? { quotes } : {}),
    });
  }
  const closeAll = async () => {
    holds.dropAll();
    await Promise.all([...BROKERS.map((b) => servers[b].close()), otherHost.close()]);
  };

  const ports = {} as Record<SandboxBroker, number>;
  try {
    for (const broker of BROKERS) ports[broker] = await servers[broker].listen(options.ports?.[broker] ?? 0);
  } catch (err) {
    await closeAll(); // a taken port must not leave the other two listening
    throw err;
  }

  const sandbox: Sandbox = {
    ports,
    urls: baseUrls((b) => SANDBOX_HOSTS[b], ports),
    loopbackUrls: baseUrls(() => '127.0.0.1', ports),
    totpSecret: TOTP_SECRET,
    totpUri: TOTP_URI,
    etnaAppKey: ETNA_APP_KEY,
    users: DEMO_USERS.map((u) => ({ ...u })),
    get config() {
      return state.config;
    },
    configure(patch) {
      state.config = { ...state.config, ...checkedPatch(patch) };
    },
    outbox: () => state.outbox(),
    lastCode: (username) => state.lastCode(username),
    requests: (filter) => state.requests(filter),
    requestsSeen: (filter, count = 1) => state.requestsSeen(filter, count),
    clearRequests: () => state.clearRequests(),
    issuedTokens: (filter) => state.issuedTokens(filter),
    revokeAll: (broker, username) => state.revokeAll(broker, username),
    forgetAccessToken: (broker, token) => state.forgetAccessToken(broker, token),
    injectFaults(broker, fault) {
      const spec = parseFaultSpec(fault);
      if ('error' in spec) throw new Error(`sandbox fault: ${spec.error}`);
      faults.inject(broker, spec);
    },
    clearFaults: () => faults.clear(),
    corruptNextToken: (broker, how, kind = 'access') => state.corruptions.arm(broker, how, kind),
    holdNext: (broker, path) => holds.holdNext(broker, path),
    otherHost: {
      url: otherHost.url,
      loopbackUrl: otherHost.loopbackUrl,
      requests: () => otherHost.requests(),
      clear: () => otherHost.clear(),
    },
    mintOneTimeToken: (login, ttlSec) => mintOneTimeToken(state, login, ttlSec),
    /** Back to the defaults (not to `options.config`): tests that reset expect a known state. */
    reset() {
      state.reset();
      faults.clear();
      holds.dropAll();
      otherHost.clear();
    },
    close: closeAll,
  };
  ref.current = sandbox;
  return sandbox;
}
