/**
 * Finding the browser: every live host socket in the runtime directory (after checking the
 * directory), and with several browsers running, the one that has the profile.
 */
import type {
  BridgeHeaders,
  BridgeProfile,
  BridgeRequest,
  ProgramInfo,
} from '../../shared/bridge-protocol.ts';
import { RuntimeDirError, checkRuntimeDir, listHostSockets, runtimeDirs } from '../runtime-dir.ts';
import { isBridgeHeaders, isBridgeProfiles } from '../shapes.ts';
import { CliError, noBridge } from './errors.ts';
import { CONSENT_TIMEOUT_MS, HostConnection } from './host-connection.ts';

/** Sockets no one listens on: a host that died without removing its socket. */
const STALE = new Set(['ECONNREFUSED', 'ENOENT', 'ENOTSOCK']);

function socketsIn(dir: string): string[] {
  try {
    checkRuntimeDir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []; // no host ever ran here
    if (error instanceof RuntimeDirError) throw new CliError('runtime-dir', error.message);
    throw error;
  }
  return listHostSockets(dir).map((socket) => socket.path);
}

/** Every host that answers, newest first. None: CliError('no-bridge'). */
export async function connectHosts(env: NodeJS.ProcessEnv = process.env): Promise<HostConnection[]> {
  let paths: string[];
  try {
    paths = runtimeDirs(env).flatMap(socketsIn);
  } catch (error) {
    if (error instanceof RuntimeDirError) throw new CliError('not-supported', error.message);
    throw error;
  }
  const attempts = await Promise.allSettled(paths.map((path) => HostConnection.open(path)));
  const hosts: HostConnection[] = [];
  let failure: unknown;
  for (const attempt of attempts) {
    if (attempt.status === 'fulfilled') hosts.push(attempt.value);
    else if (!STALE.has((attempt.reason as NodeJS.ErrnoException).code ?? '')) failure ??= attempt.reason;
  }
  // A host that failed otherwise (hung, spoke nonsense) matters only when no other one answered.
  if (hosts.length > 0) return hosts;
  if (failure === undefined) throw noBridge();
  throw failure instanceof CliError ? failure : new CliError('internal', (failure as Error).message);
}

/** The reply's value, or the extension's error as a CliError. */
async function ask<T>(
  host: HostConnection,
  request: BridgeRequest,
  isValue: (value: unknown) => value is T,
  timeoutMs?: number,
): Promise<T> {
  const reply = await host.request(request, timeoutMs);
  if (!reply.ok) throw CliError.fromBridge(reply.error);
  if (!isValue(reply.value))
    throw new CliError('protocol', 'The extension answered something this command does not understand.');
  return reply.value;
}

export const listProfiles = (host: HostConnection) => ask(host, { type: 'list' }, isBridgeProfiles);

export const matchesProfile = (profile: BridgeProfile, wanted: string) =>
  profile.id === wanted || profile.name === wanted;

/**
 * The host to ask for `profile`: the only one, or the newest whose extension has it (by id or
 * exact name). When none has it, the newest answers, and says so. The others are closed.
 */
export async function hostFor(
  profile: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<HostConnection> {
  const hosts = await connectHosts(env);
  let chosen = hosts[0]!;
  if (hosts.length > 1) {
    const lists = await Promise.all(hosts.map((host) => listProfiles(host).catch(() => [])));
    const index = lists.findIndex((list) => list.some((entry) => matchesProfile(entry, profile)));
    if (index >= 0) chosen = hosts[index]!;
  }
  for (const host of hosts) if (host !== chosen) host.close();
  return chosen;
}

/** The profile's token and headers, from the given host (may wait for the user's consent). */
export function requestHeaders(
  host: HostConnection,
  profile: string,
  program: ProgramInfo,
  staleTokenPrint?: string,
): Promise<BridgeHeaders> {
  const request: BridgeRequest = {
    type: 'headers',
    profile,
    program,
    ...(staleTokenPrint === undefined ? {} : { staleTokenPrint }),
  };
  return ask(host, request, isBridgeHeaders, CONSENT_TIMEOUT_MS);
}
