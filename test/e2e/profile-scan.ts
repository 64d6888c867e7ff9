import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) yield* filesUnder(path);
    else if (stat?.isFile()) yield path;
  }
}

/**
 * Every file of a browser profile directory (HTTP cache included) that contains one of
 * `secrets`, as UTF-8 or UTF-16 (LevelDB and SQLite keep either), with the secret's kind.
 */
export function secretsOnDisk(dir: string, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    for (const [kind, secret] of Object.entries(secrets)) {
      const asUtf16 = Buffer.from(secret, 'utf16le');
      if (bytes.includes(Buffer.from(secret)) || bytes.includes(asUtf16)) found.push(`${kind} in ${file}`);
    }
  }
  return found;
}
