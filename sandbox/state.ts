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
  /** Epoch ms of issue, then of each API call the token authorised (ETNA's idle limit reads it). */
  lastUsedAt: number;
}

interface OneTimeToken {
  login: string;
  expiresAt: number;
  used: boolean;
}

export type OneTimeCheck =
  { ok: true; login: string } | { ok: false; reason: 'used' | 'expired' | 'unknown' };

const MAX_REQUESTS = 5000;

type RequestFilter = { broker?: SandboxBroker; path?: string };

/** All mutable sandbox state, shared by the three broker servers so tests see one picture. */
export class SandboxState {
  config: SandboxConfig = { ...DEFAULT_CONFIG };
  /**
   * The clock every lifetime, expiry and rate limit is read from (`SandboxOptions.now`): tests
   * move it forward instead of waiting for real seconds to pass.
   */
  constructor(readonly now: () => number = () => Date.now()) {}
  private tokens = new Map<string, TokenRecord>();
  private outboxList: OutboxMessage[] = [];
  private requestLog: RecordedRequest[] = [];
  /** `requestsSeen` callers, each told about every recorded request. */
  private requestWaiters = new Set<() => void>();
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
  addToken(record: Omit<TokenRecord, 'revoked' | 'used' | 'lastUsedAt'>): TokenRecord {
    const token = this.corruptions.apply(record.broker, record.kind, record.token);
    const full: TokenRecord = { ...record, token, revoked: false, used: false, lastUsedAt: this.now() };
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
    return rec && isLive(rec, this.now()) ? rec : undefined;
  }

  /**
   * An access token presented on an API call: the record if it may be used now, and then its idle
   * clock restarts. ETNA's idle limit is checked here, against the previous use, so a token the
   * client keeps using never idles out.
   */
  useAccessToken(broker: SandboxBroker, token: string): TokenRecord | undefined {
    const rec = this.liveToken(broker, 'access', token);
    if (!rec) return undefined;
    const now = this.now();
    const idleSec = broker === 'etna' ? this.config.etnaIdleSec : null;
    if (idleSec !== null && now - rec.lastUsedAt >= idleSec * 1000) {
      // The session ended when it went idle: its expiry moves there, so it stays dead even if the
      // limit is lifted or raised afterwards.
      rec.expiresAt = Math.min(rec.expiresAt, rec.lastUsedAt + idleSec * 1000);
      return undefined;
    }
    rec.lastUsedAt = now;
    return rec;
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

  /** Returns how many live tokens it ended (0 tells a person their username matched nothing). */
  revokeAll(broker?: SandboxBroker, username?: string): number {
    const now = this.now();
    let ended = 0;
    for (const r of this.tokens.values()) {
      if (r.kind === 'interim') continue; // a pending code step is not a session yet
      if (broker !== undefined && r.broker !== broker) continue;
      if (username !== undefined && r.username !== username) continue;
      if (isLive(r, now)) ended++;
      r.revoked = true;
    }
    return ended;
  }

  /**
   * A server restart that lost its token cache: the access token is dropped from the store, so
   * every broker answers it as an unknown token, and nothing can bring it back. Refresh tokens
   * are kept. By default the newest live access token of the broker (the map keeps issue order).
   */
  forgetAccessToken(broker: SandboxBroker, token?: string): number {
    let target: TokenRecord | undefined;
    if (token !== undefined) {
      target = this.liveToken(broker, 'access', token);
    } else {
      const now = this.now();
      for (const r of this.tokens.values()) {
        if (r.broker === broker && r.kind === 'access' && isLive(r, now)) target = r;
      }
    }
    if (!target) return 0;
    this.tokens.delete(target.token);
    // Volven's 'prolong' refresh prolongs the linked token; without a link it issues a new one.
    for (const r of this.tokens.values()) if (r.linkedAccess === target.token) delete r.linkedAccess;
    return 1;
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
    for (const waiter of [...this.requestWaiters]) waiter();
  }

  /** Settles once `count` recorded requests match, at once if they already do: no polling. */
  requestsSeen(filter: RequestFilter, count: number): Promise<RecordedRequest[]> {
    return new Promise((resolve) => {
      const check = () => {
        const seen = this.requests(filter);
        if (seen.length < count) return false;
        this.requestWaiters.delete(check);
        resolve(seen);
        return true;
      };
      if (!check()) this.requestWaiters.add(check);
    });
  }

  requests(filter: RequestFilter = {}): RecordedRequest[] {
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
