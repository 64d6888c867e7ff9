/** `proxy`: the profile's API on a loopback port, with the session's headers on every request. */
import { parse, profileArg } from '../command.ts';
import type { Command } from '../command.ts';
import { usageError } from '../errors.ts';
import { programInfo } from '../program-info.ts';
import { HeaderSource } from '../proxy/header-source.ts';
import { LOOPBACK_HOSTS, startProxy } from '../proxy/server.ts';
import { commandHelp } from '../usage.ts';

function portArg(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw usageError(`Not a port: ${value}`);
  return port;
}

function hostArg(value: string | undefined): string {
  const host = value ?? '127.0.0.1';
  if (!(LOOPBACK_HOSTS as readonly string[]).includes(host)) {
    throw usageError(`The proxy listens on loopback only: --host 127.0.0.1 or ::1, not ${host}.`);
  }
  return host;
}

export const proxy: Command = {
  async run(args, io) {
    const { values, positionals } = parse(args, {
      port: { type: 'string' },
      host: { type: 'string' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    if (values.help) {
      io.out(commandHelp('proxy'));
      return 0;
    }
    const profile = profileArg(positionals);
    const port = portArg(values.port);
    const host = hostArg(values.host);
    const log = (line: string) => io.err(`broker-sessions proxy: ${line}\n`);
    const source = new HeaderSource({ profile, program: programInfo(io.argv), env: io.env, log });
    // Asked once before listening: an unknown profile or a refusal ends the command at once, and a
    // consent window opens now rather than at the first request.
    let first;
    try {
      first = await source.get();
    } catch (error) {
      source.close();
      throw error;
    }
    const running = await startProxy({ source, host, port, ...(values.verbose ? { logRequest: log } : {}) });
    io.err(`Proxy for ${first.profile.name} on ${running.url} → ${first.apiBaseUrl}\n`);
    if (values.json) io.out(`${JSON.stringify({ url: running.url, apiBaseUrl: first.apiBaseUrl })}\n`);
    await new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve());
    });
    await running.close();
    source.close();
    return 0;
  },
};
