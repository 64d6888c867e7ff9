/**
 * `broker-sessions`: the browser's broker sessions for local scripts. Talks to the native-messaging
 * host over its Unix socket (src/bridge/host/), which relays to the extension.
 */
import type { Command, Io } from './command.ts';
import { exec } from './commands/exec.ts';
import { install, uninstall } from './commands/install.ts';
import { list } from './commands/list.ts';
import { proxy } from './commands/proxy.ts';
import { header, token } from './commands/token.ts';
import { CliError } from './errors.ts';
import { MAIN_HELP, SYNOPSIS } from './usage.ts';

const COMMANDS: Record<string, Command> = { token, header, exec, proxy, list, install, uninstall };

const io: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  argv: process.argv.slice(2),
};

/** Only the arguments before `--`: after it they are exec's command's. */
const wantsJson = (args: string[]) => {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).includes('--json');
};

function fail(error: unknown, json: boolean, command: string | undefined): number {
  const failure =
    error instanceof CliError
      ? error
      : new CliError('internal', error instanceof Error ? error.message : String(error));
  io.err(`broker-sessions: ${failure.line}\n`);
  if (failure.code === 'usage') {
    io.err(
      command && SYNOPSIS[command] ? `usage: ${SYNOPSIS[command]}\n` : 'See `broker-sessions --help`.\n',
    );
  }
  if (json) io.out(`${JSON.stringify({ error: { code: failure.code, message: failure.message } })}\n`);
  return failure.exitCode;
}

/** Own properties only: `broker-sessions constructor` is an unknown command, not Object's. */
const commandNamed = (name: string | undefined) =>
  name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;

async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = commandNamed(rest[0]);
    if (topic) return topic.run(['--help'], io);
    io.out(`${MAIN_HELP}\n`);
    return 0;
  }
  const command = commandNamed(name);
  if (!command) {
    const what = name === undefined ? 'which command?' : `unknown command: ${name}`;
    io.err(`broker-sessions: ${what}\n\n${MAIN_HELP}\n`);
    if (wantsJson(args)) io.out(`${JSON.stringify({ error: { code: 'usage', message: what } })}\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return fail(error, wantsJson(rest), name);
  }
}

process.exitCode = await main(process.argv.slice(2));
