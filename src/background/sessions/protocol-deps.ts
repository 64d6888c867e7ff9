import type { ProtocolDeps } from '../../brokers/types.ts';
import { redirectTargetOf } from '../traffic/redirect-watch.ts';

/** The real network and clock, for the pure protocol code. */
export const protocolDeps: ProtocolDeps = {
  fetch: (input, init) => fetch(input, init),
  now: () => Date.now(),
  redirectTarget: (url) => redirectTargetOf(url),
};
