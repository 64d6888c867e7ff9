import { brokerError } from './errors.ts';
import { failed, type Failed } from './guard.ts';
import { brokerText } from './messages.ts';
import type { Tokens } from './types.ts';

/**
 * Every token we keep ends up in a request header: the access token in the header rules
 * (declarativeNetRequest), TraderEvolution's refresh token in its `token` header. Chrome refuses a
 * whole `updateSessionRules` call when one header value is invalid (a CR/LF stalls every profile's
 * rules, not only the bad one's), and `fetch` throws on one; so a token that could not travel as
 * a header is refused where it arrives, by the protocol, and never becomes a session.
 */

/**
 * 8 KiB: the smallest request-header budget of common servers and proxies (nginx's default
 * `large_client_header_buffers` line, Apache's `LimitRequestFieldSize`), so a longer token would
 * be refused by the broker's own front end anyway. Real tokens are far below it: a Cognito JWT is
 * ~1 KiB, its refresh token ~1.8 KiB. It also bounds what every session costs in storage and in
 * each of its header rules.
 */
export const MAX_HEADER_VALUE_CHARS = 8 * 1024;

/**
 * RFC 6750's b64token, the bearer token grammar. Held to it where the broker's tokens are known
 * to be JWTs (Volven's Cognito tokens, TraderEvolution's access token): base64url parts and dots.
 */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * One word of visible ASCII: an RFC 9110 field-value without its optional SP/HTAB and without
 * obs-text. For tokens whose format the broker does not document (ETNA's, any refresh token):
 * nothing that a header cannot carry, nothing whose bytes would differ between a Latin-1 and a
 * UTF-8 stack (obs-text), and no blank, which no token needs and which `fetch` would trim.
 */
const VISIBLE_WORD = /^[\x21-\x7e]+$/;

/**
 * RFC 9110 field-value: visible ASCII and obs-text, with SP/HTAB only inside. For values the user
 * types (ETNA's app key): no CR/LF/NUL or other control, and no blank at either end, which `fetch`
 * would trim away and a header rule would not.
 */
const FIELD_VALUE = /^[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?$/;

/** Whether a value the user gave (an app key) can be sent as a request header value. */
export function usableHeaderValue(value: string): boolean {
  return value.length <= MAX_HEADER_VALUE_CHARS && FIELD_VALUE.test(value);
}

export type TokenGrammar = 'b64token' | 'visible-word';

const GRAMMARS: Record<TokenGrammar, RegExp> = { b64token: B64TOKEN, 'visible-word': VISIBLE_WORD };

/** Whether a token can be sent as (part of) a request header value. */
export function usableToken(value: string, grammar: TokenGrammar): boolean {
  return value.length <= MAX_HEADER_VALUE_CHARS && GRAMMARS[grammar].test(value);
}

/** How strict to be with each token of a broker's pair. */
export interface TokenRules {
  access: TokenGrammar;
  refresh: TokenGrammar;
}

/** The tokens as they are, or the failure that says they cannot be used (never the value itself). */
export function checkTokens(tokens: Tokens, rules: TokenRules): { kind: 'active'; tokens: Tokens } | Failed {
  const refreshOk = tokens.refreshToken === undefined || usableToken(tokens.refreshToken, rules.refresh);
  if (usableToken(tokens.accessToken, rules.access) && refreshOk) return { kind: 'active', tokens };
  return failed(brokerError('bad-response', brokerText('brokerTokenNotHeaderSafe')));
}
