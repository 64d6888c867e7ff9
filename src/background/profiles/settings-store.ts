import { browser } from '../../shared/browser.ts';
import {
  DEFAULT_SETTINGS,
  validateSettings,
  type Settings,
  type SettingsErrors,
} from '../../shared/settings.ts';
import { text } from '../../shared/text.ts';
import { readManagedPolicy } from './managed-policy.ts';

const KEY = 'settings';

/** The user's settings, with whatever the administrator's policy forces on top. */
export async function readSettings(): Promise<Settings> {
  const [stored, policy] = await Promise.all([browser.storage.local.get(KEY), readManagedPolicy()]);
  const settings = { ...DEFAULT_SETTINGS, ...(stored[KEY] as Partial<Settings> | undefined) };
  if (policy.clipboardClearSec !== undefined) settings.clipboardClearSec = policy.clipboardClearSec;
  return settings;
}

export async function saveSettings(
  input: Settings,
): Promise<{ saved: Settings } | { invalid: SettingsErrors }> {
  const checked = validateSettings(input);
  if (!checked.ok) return { invalid: checked.errors };
  const forced = (await readManagedPolicy()).clipboardClearSec;
  if (forced !== undefined && checked.settings.clipboardClearSec !== forced)
    return { invalid: { clipboardClearSec: text('validationClipboardForced', forced) } };
  await browser.storage.local.set({ [KEY]: checked.settings });
  return { saved: checked.settings };
}
