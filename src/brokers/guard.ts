import { brokerError, containsSecret, scrubError } from './errors.ts';
import { brokerText, notValid } from './messages.ts';
import type { BrokerError } from './types.ts';

export interface Failed {
  kind: 'failed';
  error: BrokerError;
}

export function failed(error: BrokerError): Failed {
  return { kind: 'failed', error };
}

/**
 * Runs one protocol operation so that nothing escapes: a bug (or a fetch stand-in that returns
 * nonsense) becomes a `bad-response` value, and every message leaving is checked for the secrets
 * the operation handled. `secrets` is a function because reading malformed input may itself throw.
 */
export async function guard<T extends object>(
  secrets: () => readonly string[],
  run: () => Promise<T>,
): Promise<T | Failed> {
  let result: T | Failed;
  let values: readonly string[] = [];
  try {
    values = secrets().filter((value) => typeof value === 'string' && value !== '');
    result = await run();
  } catch {
    result = failed(brokerError('bad-response', brokerText('brokerUnexpected')));
  }
  if ('kind' in result && result.kind === 'failed' && 'error' in result) {
    return failed(scrubError(result.error as BrokerError, values));
  }
  const long = values.filter((value) => value.length >= 4);
  if ('reason' in result && typeof result.reason === 'string' && containsSecret(result.reason, long)) {
    return { ...result, ...notValid(brokerText('brokerOneTimeTokenNotValid')) } as T;
  }
  return result;
}
