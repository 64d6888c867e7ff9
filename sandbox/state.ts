import { DEFAULT_CONFIG } from './config.ts';
import { TokenCorruptions } from './corrupt-token.ts';
import type { IssuedToken, OutboxMessage, RecordedRequest, SandboxBroker, SandboxConfig } from './types.ts';

/** A token as the sandbox keeps it: the public record plus what the flows need server-side. */
export interface TokenRecord extends IssuedToken {
  revoked: boolean;
  /** Single-use tokens (TE refresh after rotation, ETNA interim, Volven session) once spent. */
  used: boolean;
  /**
   * Interim tokens: what the next step must present (ETNA: the code or PIN; Volven: the
   * `awsUsername` of the challenge). Never exposed through `issuedTokens`.
   */
  expect?: string;
  /** Volven refresh token: the newest access token of that session (for the 'prolong' variant). */
  linkedAccess?: string;
}

interface OneTimeToken {
  login: string;
  expiresAt: number;
  used: boolean;
}

export type OneTimeCheck =
  { ok: true; login: string } | { ok: false; reason: 'used' | 'expired' | 'unknown' };

const MAX_REQUESTS = 5000;

/** All mutable sandbox state, shared by the three broker servers so tests see one picture. */
export class SandboxState {
  config: SandboxConfig = { ...DEFAULT_CONFIG };
  private tokens = new Map<string, TokenRecord>();
  private outboxList: OutboxMessage[] = [];
  private requestLog: RecordedRequest[] = [];
  private etnaLoginTimes: number[] = [];
  private oneTimeTokens = new Map<string, OneTimeToken>();
  /** Armed by `Sandbox.corruptNextToken`; every token is issued through `addToken`. */
  readonly corruptions = new TokenCorruptions();

  reset(): void {
    this.config = { ...DEFAULT_CONFIG };
    this.tokens.clear();
    this.outboxList = [];
    this.requestLog = [];
    this.etnaLoginTimes = [];
    this.oneTimeTokens.clear();
    this.corruptions.clear();
  }

  // --- tokens -------------------------------------------------------------------------------

  /** Issue tokens through here and send the returned record's token: it may be corrupted on purpose. */
  addToken(record: Omit<TokenRecord, 'revoked' | 'used'>): TokenRecord {
    const token = this.corruptions.apply(record.broker, record.kind, record.token);
    const full: TokenRecord = { ...record, token, revoked: false, used: false };
    this.tokens.set(full.token, full);
    return full;
  }

  /** The record if it exists for that broker and kind, whatever its state (callers tell why it fails). */
  findToken(broker: SandboxBroker, kind: IssuedToken['kind'], token: string): TokenRecord | undefined {
    const rec = this.tokens.get(token);
    return rec && rec.broker === broker && rec.kind === kind ? rec : undefined;
  }

  /** The record only if it can be used right now. */
  liveToken(broker: SandboxBroker, kind: IssuedToken['kind'], token: string): TokenRecord | undefined {
    const rec = this.findToken(broker, kind, token);
    return rec && isLive(rec, Date.now()) ? rec : undefined;
  }

  issuedTokens(
    filter: { broker?: SandboxBroker; username?: string; kind?: IssuedToken['kind'] } = {},
  ): IssuedToken[] {
    const out: IssuedToken[] = [];
    for (const r of this.tokens.values()) {
      if (filter.broker !== undefined && r.broker !== filter.broker) continue;
      if (filter.username !== undefined && r.username !== filter.username) continue;
      if (filter.kind !== undefined && r.kind !== filter.kind) continue;
      out.push({
        broker: r.broker,
        username: r.username,
        kind: r.kind,
        token: r.token,
        expiresAt: r.expiresAt,
      });
    }
    return out;
  }

  revokeAll(broker?: SandboxBroker): void {
    for (const r of this.tokens.values()) {
      if (r.kind !== 'interim' && (broker === undefined || r.broker === broker)) r.revoked = true;
    }
  }

  // --- ETNA outbox and rate limit ------------------------------------------------------------

  sendCode(message: OutboxMessage): void {
    this.outboxList.push(message);
  }

  outbox(username?: string): OutboxMessage[] {
    return this.outboxList.filter((m) => username === undefined || m.username === username);
  }

  lastCode(username: string): string | undefined {
    return this.outbox(username).at(-1)?.code;
  }

  /**
   * Sliding 60 s window over all ETNA /token calls. Refused calls do not count, otherwise a
   * client that keeps retrying would never get in.
   */
  takeEtnaLoginSlot(now: number): { ok: true } | { ok: false; retryAfterSec: number } {
    this.etnaLoginTimes = this.etnaLoginTimes.filter((t) => t > now - 60_000);
    const oldest = this.etnaLoginTimes[0];
    if (this.etnaLoginTimes.length >= this.config.etnaLoginLimitPerMinute) {
      const waitMs = oldest === undefined ? 60_000 : oldest + 60_000 - now;
      return { ok: false, retryAfterSec: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    this.etnaLoginTimes.push(now);
    return { ok: true };
  }

  // --- TraderEvolution one-time tokens ----------------------------------------------------------

  addOneTimeToken(token: string, login: string, expiresAt: number): void {
    this.oneTimeTokens.set(token, { login, expiresAt, used: false });
  }

  /** Checks and, when valid, spends the token. */
  spendOneTimeToken(token: string, now: number): OneTimeCheck {
    const ott = this.oneTimeTokens.get(token);
    if (!ott) return { ok: false, reason: 'unknown' };
    if (ott.used) return { ok: false, reason: 'used' };
    if (ott.expiresAt <= now) return { ok: false, reason: 'expired' };
    ott.used = true;
    return { ok: true, login: ott.login };
  }

  // --- recorded requests -----------------------------------------------------------------------

  record(entry: RecordedRequest): void {
    this.requestLog.push(entry);
    if (this.requestLog.length > MAX_REQUESTS)
      this.requestLog.splice(0, this.requestLog.length - MAX_REQUESTS);
  }

  requests(filter: { broker?: SandboxBroker; path?: string } = {}): RecordedRequest[] {
    return this.requestLog.filter(
      (r) =>
        (filter.broker === undefined || r.broker === filter.broker) &&
        (filter.path === undefined || r.path.includes(filter.path)),
    );
  }

  clearRequests(): void {
    this.requestLog = [];
  }
}

export function isLive(rec: TokenRecord, now: number): boolean {
  return !rec.revoked && !rec.used && rec.expiresAt > now;
}
