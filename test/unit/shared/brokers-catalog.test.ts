import { describe, expect, it } from 'vitest';
import { brokers } from '../../../src/brokers/index.ts';
import { BROKER_CATALOG } from '../../../src/shared/brokers-catalog.ts';

describe('the brokers catalog the pages use', () => {
  it('says which brokers renew tokens exactly as their protocols do', () => {
    for (const info of BROKER_CATALOG) expect(info.renews).toBe(brokers[info.id].refresh !== undefined);
  });
});
