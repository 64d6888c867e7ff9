/**
 * The unit project's global setup: builds the bridge's programs (npm run build:cli, ≈ 0.3 s) so
 * that the CLI and host tests run what ships, from the current source.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function buildCli(): void {
  const root = resolve(import.meta.dirname, '../../../..');
  execFileSync(
    process.execPath,
    [
      resolve(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'vite.cli.config.ts',
      '--logLevel',
      'warn',
    ],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
