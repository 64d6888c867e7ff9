import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateSettings } from '../../../src/shared/settings.ts';
import { english } from '../support/english.ts';

describe('the clipboard delay setting', () => {
  it.each([
    [0, undefined],
    [60, undefined],
    [3600, undefined],
    [-1, '0 (never) or more'],
    [3601, 'At most 3600 seconds'],
    [1.5, 'Enter whole seconds'],
    [Number.NaN, 'Enter a number of seconds'],
  ])('%s seconds: %s', (seconds, problem) => {
    const result = validateSettings({ clipboardClearSec: seconds });
    expect(result.ok ? undefined : english(result.errors.clipboardClearSec)).toBe(problem);
  });

  it('names the problem whatever the setting holds', () => {
    fc.assert(
      fc.property(fc.record({ clipboardClearSec: fc.anything() }, { requiredKeys: [] }), (input) => {
        const result = validateSettings(input);
        if (!result.ok) expect(english(result.errors.clipboardClearSec)?.length).toBeGreaterThan(0);
      }),
    );
  });
});
