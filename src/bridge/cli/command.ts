import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { usageError } from './errors.ts';

/** What a command may write to: stdout for results, stderr for everything else. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** The CLI's own arguments, for the consent window. */
  argv: readonly string[];
}

export interface Command {
  /** Resolves with the exit code; throws CliError for a failure. */
  run(args: string[], io: Io): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs, with its errors (unknown option, missing value) turned into usage errors. */
export function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (error) {
    throw usageError((error as Error).message);
  }
}

/** The one profile argument of the commands that take one. */
export function profileArg(positionals: string[]): string {
  const [profile, ...extra] = positionals;
  if (!profile) throw usageError('Which profile? Give its name or id.');
  if (extra.length > 0) throw usageError(`Unexpected argument: ${extra[0]}`);
  return profile;
}
