import type { IssuedToken, SandboxBroker } from './types.ts';

/**
 * Tokens a broker should never send, for the tests that prove the extension refuses them:
 * - 'crlf': a header injection (`<token>\r\nX-Injected: 1`), the value that makes the browser
 *   refuse a whole header-rule update;
 * - 'huge': the token padded to 20 kB, past any request-header budget.
 */
export type TokenCorruption = 'crlf' | 'huge';

export const HUGE_TOKEN_CHARS = 20_000;

/**
 * A response header cannot carry CR/LF at all (Node refuses to write one, and a client would read
 * it as the end of the header): where the token rides in one (Volven's access token), 'crlf'
 * becomes the nearest a header can hold, a tab and the injected text on the same line.
 */
function corrupt(token: string, how: TokenCorruption, inResponseHeader: boolean): string {
  if (how === 'huge') return token.padEnd(HUGE_TOKEN_CHARS, 'A');
  return `${token}${inResponseHeader ? '\t' : '\r\n'}X-Injected: 1`;
}

const inResponseHeader = (broker: SandboxBroker, kind: IssuedToken['kind']) =>
  broker === 'volven' && kind === 'access';

/** Corruptions waiting for the next token of a broker and kind; each is used once. */
export class TokenCorruptions {
  private pending = new Map<string, TokenCorruption>();

  arm(broker: SandboxBroker, how: TokenCorruption, kind: IssuedToken['kind']): void {
    this.pending.set(`${broker}:${kind}`, how);
  }

  /** The token as it is to be issued: corrupted if one is armed for its broker and kind. */
  apply(broker: SandboxBroker, kind: IssuedToken['kind'], token: string): string {
    const key = `${broker}:${kind}`;
    const how = this.pending.get(key);
    if (how === undefined) return token;
    this.pending.delete(key);
    return corrupt(token, how, inResponseHeader(broker, kind));
  }

  clear(): void {
    this.pending.clear();
  }
}
