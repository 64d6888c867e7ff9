/** `exec`: runs a command with the session in its environment, and exits as it exits. */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { BridgeHeaders } from '../../../shared/bridge-protocol.ts';
import { parse, profileArg } from '../command.ts';
import type { Command } from '../command.ts';
import { CliError, usageError } from '../errors.ts';
import { commandHelp } from '../usage.ts';
import { fetchHeaders } from './token.ts';

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function sessionEnv(headers: BridgeHeaders): Record<string, string> {
  const authorization = Object.entries(headers.headers).find(
    ([name]) => name.toLowerCase() === 'authorization',
  );
  return {
    BROKER_API_BASE: headers.apiBaseUrl,
    BROKER_TOKEN: headers.accessToken,
    BROKER_AUTH_HEADER: authorization?.[1] ?? `Bearer ${headers.accessToken}`,
    BROKER_HEADERS_JSON: JSON.stringify(headers.headers),
  };
}

/** The exit code a shell would give: the child's, or 128 + the number of the signal that ended it. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
}

/** Splits at the first `--`: the CLI's own arguments before it, the command after. */
function splitCommand(args: string[]): { own: string[]; command: string[] | undefined } {
  const at = args.indexOf('--');
  return at < 0 ? { own: args, command: undefined } : { own: args.slice(0, at), command: args.slice(at + 1) };
}

export const exec: Command = {
  async run(args, io) {
    const split = splitCommand(args);
    const { values, positionals } = parse(split.own, {});
    if (values.help) {
      io.out(commandHelp('exec'));
      return 0;
    }
    // `exec p cmd` without `--` works while cmd has no options of its own.
    const command = split.command ?? positionals.slice(1);
    const profile = profileArg(positionals.slice(0, split.command ? undefined : 1));
    if (command.length === 0) throw usageError('Which command? Put it after `--`.');
    const headers = await fetchHeaders(profile, io);
    return new Promise<number>((resolve, reject) => {
      // No shell: the arguments reach the program as given, and nothing is interpreted twice.
      const child = spawn(command[0]!, command.slice(1), {
        stdio: 'inherit',
        env: { ...io.env, ...sessionEnv(headers) },
      });
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
      const done = () => {
        for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
      };
      child.once('error', (error: NodeJS.ErrnoException) => {
        done();
        const notFound = error.code === 'ENOENT';
        const what = `${notFound ? 'command not found' : 'cannot run'}: ${command[0]}`;
        reject(new CliError('command-failed', what, { exitCode: notFound ? 127 : 126 }));
      });
      child.once('exit', (code, signal) => {
        done();
        resolve(exitCodeOf(code, signal));
      });
    });
  },
};
