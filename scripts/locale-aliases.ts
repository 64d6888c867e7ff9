import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Catalogues written once in public/_locales and shipped under a second code too. Norwegian:
 * the Chrome Web Store lists `no`, but Chrome's Norwegian UI language is `nb` and Firefox's
 * `nb-NO`, and neither falls back from `nb` to `no` (measured: Chromium 156 with `--lang=nb`,
 * Firefox ESR 153 with its app locale `nb-NO`, both showed English until an `nb` folder was there).
 */
const ALIASES: Record<string, string[]> = { no: ['nb'] };

export function localeAliases(): Plugin {
  return {
    name: 'locale-aliases',
    apply: 'build',
    generateBundle() {
      for (const [folder, aliases] of Object.entries(ALIASES)) {
        const source = readFileSync(
          resolve(import.meta.dirname, `../public/_locales/${folder}/messages.json`),
        );
        for (const alias of aliases)
          this.emitFile({ type: 'asset', fileName: `_locales/${alias}/messages.json`, source });
      }
    },
  };
}
