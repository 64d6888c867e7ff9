import { etna } from './etna.ts';
import { traderevolution } from './traderevolution.ts';
import type { BrokerId, BrokerProtocol } from './types.ts';
import { volven } from './volven.ts';

export * from './types.ts';
export { joinUrl } from './http.ts';

/** One protocol per broker; the extension looks them up by the profile's `broker`. */
export const brokers: Record<BrokerId, BrokerProtocol> = { volven, etna, traderevolution };
