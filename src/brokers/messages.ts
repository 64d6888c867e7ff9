import type { Challenge, ChallengeType } from './types.ts';

/**
 * Every sentence the protocols write for a person, in English. The extension shows them in the
 * browser's language from public/_locales (the same keys, the same English: a unit test keeps
 * the two equal, and the worker's conversion to its own message keys does not compile without
 * them); here, with no browser.i18n, they are what Node (tests, the sandbox, logs) reads.
 * `$1`…`$9` are the values put in, `$$` is a literal `$`, as in Chrome's getMessage.
 */
export const BROKER_MESSAGES = {
  // One fallback per error code; they hold no request values, so a scrubbed message becomes one.
  brokerInvalidCredentials: 'The broker did not accept the username or password.',
  brokerInvalidCode: 'The broker did not accept the code. Check it and try again.',
  brokerChallengeExpired: 'The sign-in step took too long and expired. Sign in again.',
  brokerAppKeyRejected: "The broker did not accept the profile's application key (Et-App-Key).",
  brokerRateLimited: 'Too many attempts. Wait a moment and try again.',
  brokerNoApiAccess: 'This user has no access to the broker API. Ask the broker to enable it.',
  brokerSessionExpired: 'The session has ended. Sign in again.',
  brokerNetwork: 'Could not reach the broker.',
  brokerTimeout: 'The broker did not answer in time.',
  brokerServerError: "The broker's server had a problem. Try again shortly.",
  brokerBadResponse: 'The broker sent an answer the extension does not understand.',
  brokerRedirected:
    "The broker's API answered with a redirect, which the extension does not follow; check the API base URL.",

  brokerWithReason: '$1 The broker said: "$2"',
  brokerServerErrorStatus: "The broker's server had a problem (HTTP $1). Try again shortly.",
  brokerRefusedSignIn: 'The broker refused the sign-in (HTTP $1).',
  brokerRefusedRefresh: 'The broker refused the refresh (HTTP $1).',
  brokerRefusedCode: 'The broker refused the code (HTTP $1).',
  brokerTokenNotHeaderSafe: 'The broker sent a token that cannot be used in a request header.',
  brokerUnexpected: 'Something unexpected went wrong while talking to the broker.',
  brokerOneTimeTokenNotValid: 'The one-time token is not valid.',
  brokerOneTimeTokenNotValidStatus: 'The one-time token is not valid (HTTP $1).',

  brokerBaseUrlInvalid: "The profile's API base URL is not a valid http(s) address.",
  brokerUnsendableValue: 'A value contains characters that cannot be sent to this broker.',
  brokerUnreadableAnswer: "The broker's answer could not be read.",
  brokerNoAnswerWithin: '$1 did not answer within $2 s.',
  brokerCouldNotReachOrigin: 'Could not reach $1. Check the address and your connection.',
  brokerConnectionCut: 'The connection was cut while reading from $1. Check the address and your connection.',
  brokerRedirectedTo: "The broker's API answered with a redirect to $1; check the API base URL.",
  brokerAnswerTooLarge: 'The broker sent an answer that is too large (over 1 MB).',
  brokerEmptyAnswer: 'The broker sent an empty answer (HTTP $1).',
  brokerWebPageAnswer:
    'The broker sent a web page instead of an API answer (HTTP $1). Check the API base URL.',
  brokerNotJson: "The broker's answer is not valid JSON (HTTP $1).",
  brokerUnexpectedFormat: "The broker's answer is not in the expected format (HTTP $1).",

  brokerEnterPin: 'Enter your security PIN.',
  brokerEnterCodeByEmailOrSms: 'Enter the verification code the broker sent you by email or SMS.',
  brokerStepExpired: 'The sign-in step expired. Sign in again.',
  brokerPinNotAccepted: 'The broker did not accept the PIN. Try again.',
  brokerCodeNotAccepted: 'The broker did not accept the code. Try again.',
  brokerNoAppKey: 'This profile has no application key (Et-App-Key). Add it in the profile.',
  brokerCredentialsNotHeaderSafe:
    'The username or password has characters this broker cannot receive (ETNA sends them as HTTP headers).',
  brokerAppKeyNotHeaderSafe:
    "The profile's application key (Et-App-Key) has characters that cannot be sent in a request header. Edit the profile.",
  brokerNotEtnaChallenge: 'This challenge is not from ETNA.',
  brokerEnterCodeLettersDigits: 'Enter the code (letters and digits only).',

  brokerNoRestApiAccess: 'This user has no access to the broker REST API. Ask the broker to enable it.',
  brokerLoginOrPasswordRejected: 'The broker did not accept the login or password.',
  brokerNoRefreshToken: 'There is no refresh token. Sign in again.',
  brokerSessionEnded: 'The broker ended the session. Sign in again.',
  brokerNoSecondStep: 'TraderEvolution has no second sign-in step.',

  brokerEnterTotp: 'Enter the 6-digit code from your authenticator app.',
  brokerEnterSentCode: 'Enter the verification code the broker sent you.',
  brokerSignedInWithoutToken:
    'The broker accepted the sign-in but sent no token (no Authorization response header).',
  brokerEmailOrPasswordRejected: 'The broker did not accept the email or password.',
  brokerTotpSixDigits: 'The code has 6 digits. Enter the current one from your app.',
  brokerChallengeExpiredSignIn: 'The sign-in challenge expired. Sign in again.',
  brokerCodeNotAcceptedCurrent: 'The broker did not accept the code. Try the current one.',
  brokerNotVolvenChallenge: 'This challenge is not from Volven.',
} as const;

export type BrokerMessageKey = keyof typeof BROKER_MESSAGES;

/** A sentence for a person, not yet in their language: plain data, like the extension's Text. */
export interface BrokerText {
  key: BrokerMessageKey;
  /** $1…$9 of the message; a nested BrokerText is put into words first. */
  subs?: (string | BrokerText)[];
}

export const brokerText = (key: BrokerMessageKey, ...subs: (string | number | BrokerText)[]): BrokerText =>
  subs.length === 0
    ? { key }
    : { key, subs: subs.map((sub) => (typeof sub === 'number' ? String(sub) : sub)) };

/** The English words, by Chrome's rules: `$1`…`$9` are replaced, `$$` is a `$`, a value is not re-read. */
export function englishOf(text: BrokerText): string {
  const subs = (text.subs ?? []).map((sub) => (typeof sub === 'string' ? sub : englishOf(sub)));
  return BROKER_MESSAGES[text.key].replace(/\$(\$|[1-9])/g, (_whole, which: string) =>
    which === '$' ? '$' : (subs[Number(which) - 1] ?? ''),
  );
}

/** Every value put into a text, nested ones too: where a broker's reason (and so a leak) would be. */
export function valuesOf(text: BrokerText): string[] {
  return (text.subs ?? []).flatMap((sub) => (typeof sub === 'string' ? [sub] : valuesOf(sub)));
}

/** A prompt for the code step, in English and as a text, from one source. */
export function challengeOf(type: ChallengeType, text: BrokerText): Challenge {
  return { type, message: englishOf(text), text };
}

/** A one-time token found not valid, for a reason of ours (not the broker's own words). */
export function notValid(text: BrokerText): { valid: false; reason: string; reasonText: BrokerText } {
  return { valid: false, reason: englishOf(text), reasonText: text };
}
