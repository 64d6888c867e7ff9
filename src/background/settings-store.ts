import { browser } from '../shared/browser.ts';
import { DEFAULT_SETTINGS, validateSettings, type Settings } from '../shared/settings.ts';

const KEY = 'settings';

export async function readSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(KEY);
  return { ...DEFAULT_SETTINGS, ...(stored[KEY] as Partial<Settings> | undefined) };
}

export async function saveSettings(
  input: Settings,
): Promise<{ saved: Settings } | { invalid: Partial<Record<keyof Settings, string>> }> {
  const checked = validateSettings(input);
  if (!checked.ok) return { invalid: checked.errors };
  await browser.storage.local.set({ [KEY]: checked.settings });
  return { saved: checked.settings };
}
