/**
 * `npm run build:cli`: the bridge's two Node programs, each one self-contained ESM file in
 * dist-cli/ (no node_modules needed where they are installed):
 * - broker-sessions.mjs, the command (`bin` in package.json);
 * - native-host.mjs, the native-messaging host the browser starts (through the launcher that
 *   `broker-sessions install` writes).
 * One Vite environment per file, so neither shares a chunk with the other.
 */
import { chmodSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import type { EnvironmentOptions, Plugin } from 'vite';

const OUT_DIR = 'dist-cli';
/** Environment name (letters only, as Vite wants) → output file name and entry. */
const PROGRAMS: Record<string, { file: string; entry: string }> = {
  cli: { file: 'broker-sessions', entry: 'src/bridge/cli/main.ts' },
  host: { file: 'native-host', entry: 'src/bridge/host/main.ts' },
};

/** Both files are run as programs: executable, like any file on a PATH. */
const executable = (): Plugin => ({
  name: 'broker-sessions-executable',
  writeBundle(options, bundle) {
    for (const file of Object.keys(bundle)) chmodSync(resolve(options.dir ?? OUT_DIR, file), 0o755);
  },
});

const nodeProgram = ({ file, entry }: { file: string; entry: string }): EnvironmentOptions => ({
  consumer: 'server',
  resolve: { builtins: [/^node:/] },
  build: {
    outDir: OUT_DIR,
    emptyOutDir: false,
    target: 'node20',
    ssr: true,
    minify: false,
    copyPublicDir: false,
    rolldownOptions: {
      input: { [file]: entry },
      output: { format: 'es', entryFileNames: '[name].mjs', banner: '#!/usr/bin/env node' },
    },
  },
});

export default defineConfig({
  publicDir: false,
  plugins: [executable()],
  environments: Object.fromEntries(
    Object.entries(PROGRAMS).map(([name, program]) => [name, nodeProgram(program)]),
  ),
  builder: {
    async buildApp(builder) {
      for (const name of Object.keys(PROGRAMS)) await builder.build(builder.environments[name]!);
    },
  },
});
