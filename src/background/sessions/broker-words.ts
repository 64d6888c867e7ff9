import type { BrokerError, BrokerText, Challenge } from '../../brokers/types.ts';
import { say } from '../../shared/i18n.ts';
import type { ChallengeView } from '../../shared/protocol.ts';
import type { AppError } from '../../shared/result.ts';
import type { Text } from '../../shared/text.ts';

/**
 * The protocols write English for Node; what the user reads comes from _locales. A broker key
 * missing from messages.json does not compile here (Text's key is a key of that file).
 */
export function brokerWords(text: BrokerText): Text {
  const key = text.key;
  if (!text.subs) return { key };
  return { key, subs: text.subs.map((sub) => (typeof sub === 'string' ? sub : brokerWords(sub))) };
}

/** A protocol failure as it is stored and shown: plain data, in the user's language. */
export function errorInWords(error: BrokerError): AppError {
  const shown: AppError = { code: error.code, message: say(brokerWords(error.text)) };
  if (error.retryAfterMs !== undefined) shown.retryAfterMs = error.retryAfterMs;
  return shown;
}

/** A code-step prompt as it is stored and shown. */
export function challengeInWords(challenge: Challenge): ChallengeView {
  return { type: challenge.type, message: say(brokerWords(challenge.text)) };
}

/** Why a one-time token is not valid: our own sentence translated, the broker's words as they came. */
export function reasonInWords(answer: { reason: string; reasonText?: BrokerText }): string {
  return answer.reasonText ? say(brokerWords(answer.reasonText)) : answer.reason;
}
