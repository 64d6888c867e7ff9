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

/**
 * Prints the gzip size of the popup (HTML + JS + CSS) and the options page after each build, and
 * fails the build when the popup outgrows its budget: people open it dozens of times a day.
 */
export function bundleBudget(): Plugin {
  return {
    name: 'broker-sessions:bundle-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const page of PAGES) {
        const html = bundle[page.html];
        const entry = Object.values(bundle).find(
          (file): file is Chunk =>
            file.type === 'chunk' && file.isEntry && file.facadeModuleId?.endsWith(page.html) === true,
        );
        if (!entry) continue;
        const chunks = chunkClosure(bundle, entry);
        const css = new Set(chunks.flatMap((chunk) => [...(chunk.viteMetadata?.importedCss ?? [])]));
        const bytes =
          gzipBytes(contentOf(html)) +
          chunks.reduce((sum, chunk) => sum + gzipBytes(chunk.code), 0) +
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
