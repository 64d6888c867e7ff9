import { describe, expect, it } from 'vitest';
import messages from '../../../public/_locales/en/messages.json' with { type: 'json' };
import { BROKER_MESSAGES, brokerText, englishOf } from '../../../src/brokers/messages.ts';
import type { BrokerMessageKey } from '../../../src/brokers/messages.ts';
import { getMessage } from '../support/english.ts';

const catalogue = messages as Record<string, { message: string; description?: string } | undefined>;
const keys = Object.keys(BROKER_MESSAGES) as BrokerMessageKey[];
const placeholdersOf = (message: string) => [...new Set(message.match(/\$[1-9]/g) ?? [])].sort();

describe("the protocols' English and the extension's catalogue", () => {
  it.each(keys)('%s is in _locales/en with the same English', (key) => {
    expect(catalogue[key]?.message).toBe(BROKER_MESSAGES[key]);
  });

  it.each(keys)('%s says where it shows and what each $n is', (key) => {
    const description = catalogue[key]?.description ?? '';
    expect(description.length).toBeGreaterThan(10);
    for (const placeholder of placeholdersOf(BROKER_MESSAGES[key]))
      expect(description).toContain(placeholder);
  });

  it.each(keys)('%s comes out the same in Node as from the browser', (key) => {
    const subs = placeholdersOf(BROKER_MESSAGES[key]).map((_, i) => `value ${i + 1}`);
    expect(englishOf(brokerText(key, ...subs))).toBe(getMessage(key, subs));
  });
});

describe('englishOf', () => {
  it('puts values and nested texts in, without reading a value as a placeholder', () => {
    const sentence = brokerText('brokerRefusedSignIn', 404);
    expect(englishOf(brokerText('brokerWithReason', sentence, 'Costs $1 or $$2'))).toBe(
      'The broker refused the sign-in (HTTP 404). The broker said: "Costs $1 or $$2"',
    );
  });
  it('leaves a missing value empty, like Chrome', () => {
    const partial = brokerText('brokerNoAnswerWithin', 'https://a.test');
    expect(englishOf(partial)).toBe('https://a.test did not answer within  s.');
    expect(englishOf(partial)).toBe(getMessage('brokerNoAnswerWithin', ['https://a.test']));
  });
});
