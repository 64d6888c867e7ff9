/**
 * The proxy's copy of the session's headers. One connection to the host for the proxy's life
 * (opened again if the browser goes away and comes back); one request to the extension at a time
 * however many requests wait for it; the copy is dropped when the extension pushes `changed` (a
 * renewal, a sign-out, a revoked grant), so a renewed token is used from the next request on.
 */
import type { BridgeHeaders, ProgramInfo } from '../../../shared/bridge-protocol.ts';
import { tokenPrint } from '../../token-print.ts';
import { hostFor, requestHeaders } from '../client.ts';
import { CliError } from '../errors.ts';
import type { HostConnection } from '../host-connection.ts';

interface Fetch {
  promise: Promise<BridgeHeaders>;
  /** The print it reported as refused, if it asked for a renewal. */
  stalePrint: string | undefined;
}

export interface HeaderSourceOptions {
  profile: string;
  program: ProgramInfo;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** How to reach the browser; the tests and the benchmark pass their own. */
  connect?: (profile: string, env: NodeJS.ProcessEnv) => Promise<HostConnection>;
}

export class HeaderSource {
  private current: BridgeHeaders | undefined;
  /**
   * The extension's own refusal (signed out, denied, …): kept until it says `changed`, so that a
   * busy script does not open a consent window per request after the user said no. A failure to
   * reach the browser is not kept.
   */
  private refusal: CliError | undefined;
  private inFlight: Fetch | undefined;
  /** Counts `changed` and disconnections: an answer asked for before one is used, not kept. */
  private generation = 0;
  private host: Promise<HostConnection> | undefined;

  constructor(private readonly options: HeaderSourceOptions) {}

  /** The session's current headers: the copy, or the one request under way, or a new one. */
  get(): Promise<BridgeHeaders> {
    if (this.current) return Promise.resolve(this.current);
    if (this.refusal) return Promise.reject(this.refusal);
    return (this.inFlight ?? this.fetch(undefined)).promise;
  }

  /**
   * Headers after the API refused `token` with 401: if the copy still holds that token, the
   * extension is told (staleTokenPrint) so it renews before it answers. Many requests refused at
   * once wait for the same renewal.
   */
  async renewed(token: string): Promise<BridgeHeaders> {
    const print = tokenPrint(token);
    for (;;) {
      if (this.current && this.current.accessToken !== token) return this.current;
      if (this.refusal) throw this.refusal;
      if (this.inFlight?.stalePrint === print) return this.inFlight.promise;
      if (!this.inFlight) break;
      await this.inFlight.promise.catch(() => undefined); // a plain fetch may bring the old token back
    }
    this.current = undefined;
    return this.fetch(print).promise;
  }

  close(): void {
    const host = this.host;
    this.host = undefined; // first: the connection's end is then no news to log
    void host?.then(
      (connection) => connection.close(),
      () => undefined,
    );
  }

  private fetch(stalePrint: string | undefined): Fetch {
    const generation = this.generation;
    const promise = this.ask(stalePrint).then(
      (headers) => {
        if (generation === this.generation) this.current = headers;
        return headers;
      },
      (error: unknown) => {
        if (generation === this.generation && error instanceof CliError && error.fromExtension)
          this.refusal = error;
        throw error;
      },
    );
    const fetch: Fetch = { promise, stalePrint };
    this.inFlight = fetch;
    const clear = () => {
      if (this.inFlight === fetch) this.inFlight = undefined;
    };
    promise.then(clear, clear);
    return fetch;
  }

  private async ask(stalePrint: string | undefined): Promise<BridgeHeaders> {
    const host = await this.connection();
    return requestHeaders(host, this.options.profile, this.options.program, stalePrint);
  }

  private connection(): Promise<HostConnection> {
    if (this.host) return this.host;
    const connect = this.options.connect ?? hostFor;
    const host = connect(this.options.profile, this.options.env).then((connection) => {
      connection.onChanged = () => this.forget();
      connection.onClose = () => {
        if (this.host !== host) return; // closed by us
        this.host = undefined;
        this.options.log('the browser closed the connection; reconnecting at the next request');
        this.forget();
      };
      return connection;
    });
    this.host = host;
    host.catch(() => {
      if (this.host === host) this.host = undefined;
    });
    return host;
  }

  private forget(): void {
    this.generation += 1;
    this.current = undefined;
    this.refusal = undefined;
  }
}
