import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * What each context costs to load, gzipped: the page's HTML and everything it pulls in
 * (scripts, module preloads, stylesheets, and their static imports), each file once.
 */
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+\.js)["']/g;
const HTML_REF = /<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+)"/g;

export function closure(dist: string, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    const pattern = file.endsWith('.html') ? HTML_REF : IMPORT;
    for (const match of text.matchAll(pattern)) {
      const ref = match[1]!;
      if (/^[a-z]+:/.test(ref)) continue;
      visit(ref.startsWith('/') ? resolve(dist, `.${ref}`) : resolve(dirname(file), ref));
    }
  };
  visit(resolve(dist, entry));
  return [...seen];
}

const gzipBytes = (files: string[]) =>
  files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);

export interface BundleFigures {
  popupBytes: number;
  optionsBytes: number;
  workerBytes: number;
}

export function measureBundle(dist: string): BundleFigures {
  return {
    popupBytes: gzipBytes(closure(dist, 'src/popup/index.html')),
    optionsBytes: gzipBytes(closure(dist, 'src/options/index.html')),
    workerBytes: gzipBytes(closure(dist, 'service-worker-loader.js')),
  };
}
