/**
 * Every catalogue in public/_locales against the English one: the same keys, the same values put
 * in, nothing left in English that a translator should have translated, its language named, and
 * the store's limits kept. It reads whatever folders exist, so a new language is checked as soon
 * as its folder is there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Entry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
type Catalogue = Record<string, Entry>;

const LOCALES = resolve(import.meta.dirname, '../../../public/_locales');
const read = (folder: string) =>
  JSON.parse(readFileSync(join(LOCALES, folder, 'messages.json'), 'utf8')) as Catalogue;
const folders = readdirSync(LOCALES).sort();
const english = read('en');
const translations = folders
  .filter((folder) => folder !== 'en')
  .map((folder) => [folder, read(folder)] as const);

/**
 * Messages that may read exactly as in English, each with why. A language listed here whose
 * message no longer equals the English one fails too, so the list stays true.
 */
const SAME_AS_ENGLISH: { key: string; languages: string[] | 'all'; reason: string }[] = [
  { key: 'extName', languages: 'all', reason: 'the product name, the same in every store' },
  { key: 'popupTitle', languages: 'all', reason: 'the product name, as the popup’s heading' },
  { key: 'popupDetails', languages: ['de'], reason: '“Details” is German too' },
  {
    key: 'popupDetailsJwtHeader',
    languages: ['de'],
    reason: '“Header” is the German word for a JWT’s or HTTP header',
  },
  {
    key: 'popupDetailsJwtClaims',
    languages: ['de'],
    reason: '“Claims” is the German technical term for JWT claims',
  },
  { key: 'optionsFieldBroker', languages: ['de'], reason: '“Broker” is the German word for a broker' },
  { key: 'statusError', languages: ['es'], reason: '“Error” is Spanish too' },
  { key: 'consentProgram', languages: ['no'], reason: '“Program” is Norwegian too' },
];

/** Placeholders and what surrounds them in every language (" · ", ": "): nothing to translate. */
const onlyPlaceholders = (message: string) => !/\p{L}/u.test(message.replace(/\$(\d|\w+\$)/g, ''));

/**
 * Catalogue folders whose pageLanguage is not the folder's own code, with why: Chrome's extension
 * locale for Norwegian is `no` (the macrolanguage), the catalogue is written in Bokmål, `nb`.
 */
const FOLDER_LANGUAGE: Record<string, string> = { no: 'nb' };

/** `$1`…`$9` and `$name$`, sorted: a message must put in each value as often as English does. */
const placeholdersOf = (message: string) => (message.match(/\$(?:[1-9]|[A-Za-z0-9_@]+\$)/g) ?? []).sort();

/** What a person counts: characters, not UTF-16 units. */
const length = (text: string) => [...text].length;

describe.each(translations)('the %s catalogue', (folder, catalogue) => {
  it('has exactly the English keys', () => {
    const keys = Object.keys(catalogue);
    expect({ missing: Object.keys(english).filter((key) => !(key in catalogue)) }, 'keys missing').toEqual({
      missing: [],
    });
    expect({ extra: keys.filter((key) => !(key in english)) }, 'keys English does not have').toEqual({
      extra: [],
    });
  });

  it('puts in the same values as English, message by message', () => {
    const wrong = Object.entries(english)
      .filter(([key]) => key in catalogue)
      .filter(
        ([key, entry]) =>
          JSON.stringify(placeholdersOf(catalogue[key]!.message)) !==
            JSON.stringify(placeholdersOf(entry.message)) ||
          JSON.stringify(namedPlaceholders(catalogue[key]!)) !== JSON.stringify(namedPlaceholders(entry)),
      )
      .map(([key, entry]) => ({ key, english: entry.message, [folder]: catalogue[key]!.message }));
    expect(wrong).toEqual([]);
  });

  it('has every message written, and none left in English but the ones allowed', () => {
    expect(Object.keys(catalogue).filter((key) => !catalogue[key]!.message?.trim())).toEqual([]);
    const allowed = SAME_AS_ENGLISH.filter(
      (entry) => entry.languages === 'all' || entry.languages.includes(folder),
    ).map((entry) => entry.key);
    const untranslated = Object.keys(english).filter(
      (key) =>
        catalogue[key]?.message === english[key]!.message &&
        !allowed.includes(key) &&
        !onlyPlaceholders(english[key]!.message),
    );
    expect(untranslated, 'left in English').toEqual([]);
    const stale = allowed.filter((key) => catalogue[key]?.message !== english[key]?.message);
    expect(stale, 'allowed to be English but translated: drop them from SAME_AS_ENGLISH').toEqual([]);
  });
});

/**
 * Buttons whose accessible name adds the profile's name to the words shown ("Edit" → "Edit
 * Desk"): the name must still hold the shown words, so speech input ("click Edit") finds the
 * button, and axe's label-content-name-mismatch passes.
 */
const NAMED_BUTTONS: [shown: string, name: string][] = [
  ['optionsEdit', 'optionsEditLabel'],
  ['optionsRemove', 'optionsRemoveLabel'],
  ['optionsGrantAccess', 'optionsGrantAccessLabel'],
  ['optionsBridgeRevoke', 'optionsBridgeRevokeLabel'],
];

describe.each(folders.map((folder) => [folder, read(folder)] as const))(
  'the %s catalogue’s button names',
  (_folder, catalogue) => {
    it.each(NAMED_BUTTONS)('%s: its words are in the name %s', (shown, name) => {
      const words = catalogue[shown]!.message.toLocaleLowerCase();
      expect(catalogue[name]!.message.replace(/\$\d/g, 'Desk').toLocaleLowerCase()).toContain(words);
    });
  },
);

describe.each(folders.map((folder) => [folder, read(folder)] as const))(
  'the %s catalogue',
  (folder, catalogue) => {
    it('names its language (pageLanguage) as a valid BCP 47 tag matching its folder', () => {
      const tag = catalogue.pageLanguage?.message ?? '';
      expect(Intl.getCanonicalLocales(tag)).toEqual([tag]);
      const folderTag = FOLDER_LANGUAGE[folder] ?? Intl.getCanonicalLocales(folder.replace('_', '-'))[0];
      expect(tag).toBe(folderTag);
    });

    it('keeps the name and description within the stores’ limits', () => {
      // Chrome refuses a name over 45 characters; the Chrome Web Store a description over 132.
      expect(length(catalogue.extName?.message ?? '')).toBeLessThanOrEqual(45);
      expect(length(catalogue.extDescription?.message ?? '')).toBeLessThanOrEqual(132);
    });
  },
);

describe('the allow-list of English messages', () => {
  it('names keys that exist, each with a reason', () => {
    for (const entry of SAME_AS_ENGLISH) {
      expect(english[entry.key], entry.key).toBeDefined();
      expect(entry.reason.length).toBeGreaterThan(0);
    }
  });
});

function namedPlaceholders(entry: Entry): [string, string][] {
  return Object.entries(entry.placeholders ?? {})
    .map(([name, placeholder]): [string, string] => [name.toLowerCase(), placeholder.content])
    .sort(([a], [b]) => a.localeCompare(b));
}
