/**
 * The English catalogue, public/_locales/en/messages.json, as Chrome and Firefox read it: every
 * key valid, every entry with a message and a description for translators, and no string that
 * nothing shows (the code names each key literally, so a key no source file names is dead).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const catalogue = JSON.parse(readFileSync(join(root, 'public/_locales/en/messages.json'), 'utf8')) as Record<
  string,
  { message?: unknown; description?: unknown }
>;

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|html)$/.test(entry)) yield path;
  }
}

describe('the English catalogue', () => {
  it('has valid keys, each with a message and a description', () => {
    for (const [key, entry] of Object.entries(catalogue)) {
      expect(key).toMatch(/^[A-Za-z0-9_@]+$/);
      expect(typeof entry.message === 'string' && entry.message.length > 0, key).toBe(true);
      expect(typeof entry.description === 'string' && entry.description.length > 0, key).toBe(true);
    }
  });

  it('holds no string that nothing shows', () => {
    const sources = [...sourceFiles(join(root, 'src')), join(root, 'manifest.json')]
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const unused = Object.keys(catalogue).filter(
      (key) =>
        !sources.includes(`'${key}'`) && !sources.includes(`__MSG_${key}__`) && !sources.includes(`${key}:`),
    );
    expect(unused).toEqual([]);
  });
});
