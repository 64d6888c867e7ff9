import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The browser's floor for an extension page: a blank page whose one module script marks itself
 * ready. Written into the benchmark's own copy of the extension only (never the test or
 * production builds): the popup is compared with it in the same run, on the same machine load.
 */
export const FLOOR_PAGE = 'bench-floor/index.html';
export const FLOOR_MARK = 'floor-ready';

export function writeFloorPage(extensionDir: string): void {
  const dir = join(extensionDir, 'bench-floor');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Floor</title>
  </head>
  <body>
    <main id="app"></main>
    <script type="module" src="./main.js"></script>
  </body>
</html>
`,
  );
  writeFileSync(join(dir, 'main.js'), `performance.mark('${FLOOR_MARK}');\n`);
}
