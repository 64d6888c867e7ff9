import type { SandboxBroker } from './types.ts';

/** A request held back by `holdNext`, as the test sees it. */
export interface HeldRequest {
  /** Settles when the matching request has reached the sandbox (and is being held). */
  arrived: Promise<void>;
  /** Lets it through: the broker then answers it as usual (a rotated pair, say). */
  release(): void;
}

interface Hold {
  broker: SandboxBroker;
  path: string;
  arrive: () => void;
  /** true = answer it, false = the sandbox closed or was reset: drop it. */
  settle: (go: boolean) => void;
  outcome: Promise<boolean>;
}

/**
 * Holds the next request matching a path until the test releases it, so a test can act while a
 * request is in flight (sign out during a refresh). Unlike the 'hang' fault, the request is
 * then processed for real, not answered with an error.
 */
export class HoldQueue {
  private waiting: Hold[] = [];
  private held = new Set<Hold>();

  holdNext(broker: SandboxBroker, path: string): HeldRequest {
    let arrive!: () => void;
    let settle!: (go: boolean) => void;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const outcome = new Promise<boolean>((resolve) => (settle = resolve));
    const hold: Hold = { broker, path, arrive, settle, outcome };
    this.waiting.push(hold);
    return { arrived, release: () => settle(true) };
  }

  /** For a request that matches a waiting hold: resolves true once released, false if dropped. */
  take(broker: SandboxBroker, pathWithQuery: string): Promise<boolean> | undefined {
    const index = this.waiting.findIndex((h) => h.broker === broker && pathWithQuery.includes(h.path));
    const hold = this.waiting[index];
    if (!hold) return undefined;
    this.waiting.splice(index, 1);
    this.held.add(hold);
    hold.arrive();
    void hold.outcome.then(() => this.held.delete(hold));
    return hold.outcome;
  }

  /** Every hold, waiting or holding, is dropped: nothing is answered after a reset or close. */
  dropAll(): void {
    for (const hold of [...this.waiting, ...this.held]) hold.settle(false);
    this.waiting = [];
    this.held.clear();
  }
}
