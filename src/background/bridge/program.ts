import type { ProgramInfo } from '../../shared/bridge-protocol.ts';

/** Longest command line kept: enough to recognize a script, short enough for a window. */
const MAX_COMMAND = 300;

/** Control characters (a newline could fake a second line in the consent window) become spaces. */
const clean = (line: string) =>
  line
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .trim()
    .slice(0, MAX_COMMAND);

/** What a program says of itself, checked and tidied; undefined when it is not a ProgramInfo. */
export function readProgram(value: unknown): ProgramInfo | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { command, parent } = value as Record<string, unknown>;
  if (typeof command !== 'string' || clean(command) === '') return undefined;
  if (parent !== undefined && typeof parent !== 'string') return undefined;
  const cleanParent = parent === undefined ? '' : clean(parent);
  return cleanParent ? { command: clean(command), parent: cleanParent } : { command: clean(command) };
}

/**
 * Whom a grant is for: the program that ran the CLI (its parent: `python3 bot.py`, a shell), so
 * that one script's `token`, `header` and `proxy` calls share one answer. Told by the program
 * itself and not verifiable: a grant guards against surprise, not against malware running as
 * the user (which could read the browser's profile anyway; README, security model).
 */
export const programKey = (program: ProgramInfo): string => program.parent ?? program.command;
