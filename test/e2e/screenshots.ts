import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** Where the e2e run leaves its pictures; the README shows them. */
export const DOCS_DIR = resolve(import.meta.dirname, '../../docs');

/**
 * Saves a screenshot as docs/<name>.png, in the light and (unless `dark: false`) the dark scheme
 * (docs/<name>-dark.png). A locator is shot alone (one popup card); a page whole.
 */
export async function saveScreenshot(
  page: Page,
  name: string,
  target?: Locator,
  { dark = true } = {},
): Promise<void> {
  mkdirSync(DOCS_DIR, { recursive: true });
  for (const scheme of dark ? (['light', 'dark'] as const) : (['light'] as const)) {
    await page.emulateMedia({ colorScheme: scheme });
    const path = resolve(DOCS_DIR, scheme === 'light' ? `${name}.png` : `${name}-${scheme}.png`);
    await (target ?? page).screenshot({ path, animations: 'disabled' });
  }
  await page.emulateMedia({ colorScheme: null });
}
