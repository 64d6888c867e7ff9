/**
 * `npm run package [-- --sourcemap]`: production builds for Chrome and Firefox, zipped into
 * artifacts/broker-sessions-<browser>-<version>.zip, each checked before it is written.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import JSZip from 'jszip';
import { build } from 'vite';
import { packageProblems, type PackageFile } from './package/check.ts';

const root = resolve(import.meta.dirname, '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const sourcemaps = process.argv.includes('--sourcemap');
const TARGETS = [
  { browser: 'chrome', mode: 'production', outDir: 'dist' },
  { browser: 'firefox', mode: 'firefox', outDir: 'dist-firefox' },
] as const;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

let failed = false;
mkdirSync(join(root, 'artifacts'), { recursive: true });
for (const target of TARGETS) {
  await build({ root, mode: target.mode, logLevel: 'warn', build: { sourcemap: sourcemaps } });
  const dir = join(root, target.outDir);
  const zip = new JSZip();
  const files: PackageFile[] = [];
  for (const path of filesUnder(dir)) {
    const name = relative(dir, path).split('\\').join('/');
    const bytes = readFileSync(path);
    zip.file(name, bytes);
    files.push({ path: name, text: /\.(png|ico)$/.test(name) ? '' : bytes.toString('utf8') });
  }
  const problems = packageProblems(files, { sourcemaps });
  const out = join(root, 'artifacts', `broker-sessions-${target.browser}-${version}.zip`);
  if (problems.length > 0) {
    failed = true;
    console.error(`✗ ${relative(root, out)} not written:\n  ${problems.join('\n  ')}`);
    continue;
  }
  const data = await zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
  });
  writeFileSync(out, data);
  console.log(
    `✓ ${relative(root, out)}  ${(data.length / 1024).toFixed(1)} kB, ${files.length} files, check passed`,
  );
}
process.exitCode = failed ? 1 : 0;
