import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

type Catalogue = Record<string, { message: string }>;

/** One language's messages as public/_locales holds them. */
export function catalogue(folder: string): Catalogue {
  return JSON.parse(
    readFileSync(resolve(import.meta.dirname, `../../public/_locales/${folder}/messages.json`), 'utf8'),
  ) as Catalogue;
}

/** What the browser's getMessage gives in that language: a test reads the words a person sees. */
export function wordsOf(folder: string): (key: string, ...subs: string[]) => string {
  const messages = catalogue(folder);
  return (key, ...subs) =>
    messages[key]!.message.replace(/\$([1-9])/g, (_whole, n: string) => subs[Number(n) - 1] ?? '');
}
