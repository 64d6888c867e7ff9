/**
 * How the CLI fails: one line on stderr, and an exit code per kind of failure, so a script can
 * tell "start the browser" from "sign in again" from "the user said no" without reading words.
 */
import type { BridgeError, BridgeErrorCode } from '../../shared/bridge-protocol.ts';

/** The CLI's own failures, beside the extension's codes. */
export type LocalErrorCode =
  'usage' | 'runtime-dir' | 'timeout' | 'protocol' | 'command-failed' | 'not-supported';
export type CliErrorCode = BridgeErrorCode | LocalErrorCode;

/** Exit codes, as `broker-sessions --help` and src/bridge/README.md list them. */
export const EXIT_CODES = {
  other: 1,
  usage: 2,
  noBridge: 3,
  profile: 4,
  notSignedIn: 5,
  rejected: 6,
  denied: 7,
  bridgeOff: 8,
} as const;

export function exitCodeFor(code: CliErrorCode): number {
  switch (code) {
    case 'usage':
      return EXIT_CODES.usage;
    case 'no-bridge':
      return EXIT_CODES.noBridge;
    case 'unknown-profile':
    case 'ambiguous-profile':
      return EXIT_CODES.profile;
    case 'signed-out':
    case 'expired':
    case 'not-ready':
      return EXIT_CODES.notSignedIn;
    case 'rejected':
      return EXIT_CODES.rejected;
    case 'denied':
    case 'consent-timeout':
      return EXIT_CODES.denied;
    case 'bridge-off':
    case 'forbidden':
      return EXIT_CODES.bridgeOff;
    default:
      return EXIT_CODES.other;
  }
}

export const NO_BRIDGE_MESSAGE =
  "No browser answered. Is it running, with “Let local programs use my sessions” turned on in Broker Sessions' options?";

/** Control characters (a newline, an escape sequence) would break the one line or the terminal. */
// eslint-disable-next-line no-control-regex
const oneLine = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();

export interface CliErrorOptions {
  /** The extension's own error: printed with its code. */
  fromExtension?: boolean;
  /** An exit code other than the code's (exec's 126 and 127, as shells have them). */
  exitCode?: number;
}

export class CliError extends Error {
  override readonly name = 'CliError';
  readonly fromExtension: boolean;
  readonly exitCode: number;

  constructor(
    readonly code: CliErrorCode,
    message: string,
    options: CliErrorOptions = {},
  ) {
    super(oneLine(message));
    this.fromExtension = options.fromExtension ?? false;
    this.exitCode = options.exitCode ?? exitCodeFor(code);
  }

  static fromBridge(error: BridgeError): CliError {
    return new CliError(error.code, error.message || error.code, { fromExtension: true });
  }

  /** The one stderr line, without the program's name. */
  get line(): string {
    return this.fromExtension ? `${this.message} (${this.code})` : this.message;
  }
}

export const usageError = (message: string) => new CliError('usage', message);
export const noBridge = () => new CliError('no-bridge', NO_BRIDGE_MESSAGE);
