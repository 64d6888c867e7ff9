import { gzipSync } from 'node:zlib';
import type { Plugin, Rolldown } from 'vite';

/** What each page costs to load, gzipped: its HTML, every JS chunk it imports, and their CSS. */
const PAGES = [
  { name: 'popup', html: 'src/popup/index.html', budgetBytes: 25_000 },
  { name: 'options', html: 'src/options/index.html' },
] as const;

type Output = Rolldown.OutputBundle[string];
type Chunk = Rolldown.OutputChunk;

const gzipBytes = (content: string | Uint8Array) => gzipSync(content, { level: 9 }).length;

function contentOf(file: Output | undefined): string | Uint8Array {
  if (!file) return '';
  return file.type === 'chunk' ? file.code : file.source;
}

/** The chunk and every chunk it imports statically, each once. */
function chunkClosure(bundle: Record<string, Output>, entry: Chunk): Chunk[] {
  const seen = new Map<string, Chunk>();
  const visit = (chunk: Chunk) => {
    if (seen.has(chunk.fileName)) return;
    seen.set(chunk.fileName, chunk);
    for (const name of chunk.imports) {
      const next = bundle[name];
      if (next?.type === 'chunk') visit(next);
    }
  };
  visit(entry);
  return [...seen.values()];
}

/** What the page's HTML loads (scripts, preloads, stylesheets), as files of the bundle. */
function htmlRefs(bundle: Record<string, Output>, html: Output): Output[] {
  const refs = [...String(contentOf(html)).matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="\/?([^"]+)"/g)];
  return refs.map((match) => bundle[match[1]!]).filter((file): file is Output => file !== undefined);
}

/**
 * Prints the gzip size of the popup (HTML + JS + CSS) and the options page after each build, and
 * fails the build when the popup outgrows its budget: people open it dozens of times a day.
 * Counted from what each page's HTML loads, after the plugins that rewrite it (single-file-popup.ts).
 */
export function bundleBudget(): Plugin {
  return {
    name: 'broker-sessions:bundle-budget',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const page of PAGES) {
        const html = bundle[page.html];
        if (!html) continue;
        const loaded = htmlRefs(bundle, html);
        const chunks = new Map<string, Chunk>();
        for (const file of loaded)
          if (file.type === 'chunk')
            for (const chunk of chunkClosure(bundle, file)) chunks.set(chunk.fileName, chunk);
        const css = new Set([
          ...loaded
            .filter((file) => file.type === 'asset' && file.fileName.endsWith('.css'))
            .map((file) => file.fileName),
          ...[...chunks.values()].flatMap((chunk) => [...(chunk.viteMetadata?.importedCss ?? [])]),
        ]);
        // A file the HTML loads that is no chunk: a page built on its own (single-file-popup.ts).
        const scripts = loaded.filter((file) => file.type === 'asset' && file.fileName.endsWith('.js'));
        const bytes =
          gzipBytes(contentOf(html)) +
          [...chunks.values()].reduce((sum, chunk) => sum + gzipBytes(chunk.code), 0) +
          scripts.reduce((sum, file) => sum + gzipBytes(contentOf(file)), 0) +
          [...css].reduce((sum, file) => sum + gzipBytes(contentOf(bundle[file])), 0);
        const budget = 'budgetBytes' in page ? page.budgetBytes : undefined;
        const verdict = budget ? ` (budget ${(budget / 1000).toFixed(0)} kB)` : '';
        this.info(`${page.name}: ${(bytes / 1000).toFixed(1)} kB gzip, HTML + JS + CSS${verdict}`);
        if (budget && bytes > budget)
          this.error(`The ${page.name} is ${bytes} bytes gzip, over its budget of ${budget}.`);
      }
    },
  };
}
