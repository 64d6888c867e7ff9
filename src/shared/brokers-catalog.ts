import type { BrokerId } from '../brokers/types.ts';

/** What the UI says about each broker; the protocol code lives in src/brokers. */
export interface BrokerInfo {
  id: BrokerId;
  label: string;
  /** Shown under the API base URL field. */
  baseUrlExample: string;
  needsAppKey: boolean;
}

export const BROKER_CATALOG: readonly BrokerInfo[] = [
  {
    id: 'volven',
    label: 'Volven / TÝR Markets',
    baseUrlExample: 'https://api.example-broker.com',
    needsAppKey: false,
  },
  {
    id: 'etna',
    label: 'ETNA Trader',
    baseUrlExample: 'https://pub-api-et-demo-prod.etnasoft.us/api',
    needsAppKey: true,
  },
  {
    id: 'traderevolution',
    label: 'TraderEvolution',
    baseUrlExample: 'https://bo.example-broker.com:8443/proftrading/rest',
    needsAppKey: false,
  },
];

export function brokerInfo(id: BrokerId): BrokerInfo {
  const info = BROKER_CATALOG.find((entry) => entry.id === id);
  if (!info) throw new Error(`Unknown broker: ${id}`);
  return info;
}
