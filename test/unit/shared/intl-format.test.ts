import { afterEach, describe, expect, it } from 'vitest';
import { durationFormat, listFormat, type Duration } from '../../../src/shared/intl-format.ts';

const intl = Intl as { DurationFormat?: unknown };
afterEach(() => {
  delete intl.DurationFormat;
});

describe('durationFormat', () => {
  it('shows every unit it is given, a 0 included, and no other', () => {
    const format = durationFormat('en');
    expect(format({ hours: 2, minutes: 0 })).toBe('2 hr, 0 min');
    expect(format({ seconds: 0 })).toBe('0 sec');
    expect(format({ minutes: 4, seconds: 5 })).toBe('4 min, 5 sec');
  });

  it('falls back to the default language for a tag Intl refuses', () => {
    expect(durationFormat('not a language tag!')({ minutes: 3 })).toBe(
      durationFormat(undefined)({ minutes: 3 }),
    );
  });

  it('uses Intl.DurationFormat where the runtime has it (Node 20 has not), in its short style', () => {
    const made: Record<string, string>[] = [];
    intl.DurationFormat = class {
      constructor(
        readonly locale: string,
        readonly options: Record<string, string>,
      ) {
        made.push(options);
      }
      format(duration: Duration) {
        return `${this.locale}:${JSON.stringify(duration)}`;
      }
    };
    // A language no other test formats in, so no formatter is cached for it yet.
    const format = durationFormat('de-CH');
    expect(format({ minutes: 1, seconds: 0 })).toBe('de-CH:{"minutes":1,"seconds":0}');
    expect(format({ minutes: 2, seconds: 9 })).toBe('de-CH:{"minutes":2,"seconds":9}');
    expect(format({ hours: 1, minutes: 0 })).toBe('de-CH:{"hours":1,"minutes":0}');
    // One formatter per set of units, each showing its units even at 0.
    expect(made).toEqual([
      { style: 'short', minutesDisplay: 'always', secondsDisplay: 'always' },
      { style: 'short', hoursDisplay: 'always', minutesDisplay: 'always' },
    ]);
  });
});

describe('listFormat', () => {
  it('joins as the language does', () => {
    expect(listFormat('en')(['a', 'b'])).toBe('a and b');
    expect(listFormat('de')(['a', 'b', 'c'])).toBe('a, b und c');
    expect(listFormat('pt-BR')(['a', 'b'])).toBe('a e b');
    expect(listFormat('en')(['a'])).toBe('a');
  });
});
