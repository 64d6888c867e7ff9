/**
 * `npm run sandbox`: the broker sandbox on its fixed ports, for people and for a browser started
 * elsewhere. Env: SANDBOX_PORT_VOLVEN, SANDBOX_PORT_ETNA, SANDBOX_PORT_TRADEREVOLUTION,
 * SANDBOX_TOKEN_LIFETIME (access token lifetime in seconds).
 */
import { describeSandbox } from './describe.ts';
import { DEFAULT_PORTS, startSandbox } from './index.ts';
import type { SandboxBroker, SandboxConfig } from './index.ts';

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`${name} must be a non-negative number, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

const ports: Record<SandboxBroker, number> = {
  volven: envNumber('SANDBOX_PORT_VOLVEN') ?? DEFAULT_PORTS.volven,
  etna: envNumber('SANDBOX_PORT_ETNA') ?? DEFAULT_PORTS.etna,
  traderevolution: envNumber('SANDBOX_PORT_TRADEREVOLUTION') ?? DEFAULT_PORTS.traderevolution,
};
const lifetime = envNumber('SANDBOX_TOKEN_LIFETIME');
const config: Partial<SandboxConfig> = lifetime === undefined ? {} : { accessTokenLifetimeSec: lifetime };

const sandbox = await startSandbox({
  ports,
  config,
  log: (line) => console.log(`${new Date().toISOString().slice(11, 23)} ${line}`),
}).catch((err: unknown) => {
  console.error(`Cannot start the sandbox: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
console.log(describeSandbox(sandbox));

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the sandbox.`);
  await sandbox.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
