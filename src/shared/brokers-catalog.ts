import type { BrokerId } from '../brokers/types.ts';

/** What the UI says about each broker; the protocol code lives in src/brokers. */
export interface BrokerInfo {
  id: BrokerId;
  label: string;
  /** Shown under the API base URL field. */
  baseUrlExample: string;
  needsAppKey: boolean;
  /**
   * The broker renews tokens (its protocol has a refresh; ETNA's session simply ends). Pages know
   * it from here, without the protocol code; a worker test keeps the two in step.
   */
  renews: boolean;
}

export const BROKER_CATALOG: readonly BrokerInfo[] = [
  {
    id: 'volven',
    label: 'Volven / TÝR Markets',
    baseUrlExample: 'https://api.example-broker.com',
    needsAppKey: false,
    renews: true,
  },
  {
    id: 'etna',
    label: 'ETNA Trader',
    baseUrlExample: 'https://pub-api-et-demo-prod.etnasoft.us/api',
    needsAppKey: true,
    renews: false,
  },
  {
    id: 'traderevolution',
    label: 'TraderEvolution',
    baseUrlExample: 'https://bo.example-broker.com:8443/proftrading/rest',
    needsAppKey: false,
    renews: true,
  },
];

export function brokerInfo(id: BrokerId): BrokerInfo {
  const info = BROKER_CATALOG.find((entry) => entry.id === id);
  if (!info) throw new Error(`Unknown broker: ${id}`);
  return info;
}
