import { browser } from '../../shared/browser.ts';
import { SETTINGS_KEY, settingsInForce } from '../../shared/policy-in-force.ts';
import { validateSettings, type Settings, type SettingsErrors } from '../../shared/settings.ts';
import { text } from '../../shared/text.ts';
import { readFreshManagedPolicy, readManagedPolicy } from './managed-policy.ts';

const KEY = SETTINGS_KEY;

/** The user's settings, with whatever the administrator's policy forces on top. */
export async function readSettings(): Promise<Settings> {
  const [stored, policy] = await Promise.all([browser.storage.local.get(KEY), readManagedPolicy()]);
  return settingsInForce(stored[KEY] as Partial<Settings> | undefined, policy);
}

export async function saveSettings(
  input: Settings,
): Promise<{ saved: Settings } | { invalid: SettingsErrors }> {
  const checked = validateSettings(input);
  if (!checked.ok) return { invalid: checked.errors };
  // A change the policy could refuse waits for the policy as it is now (managed-policy.ts).
  const forced = (await readFreshManagedPolicy()).clipboardClearSec;
  if (forced !== undefined && checked.settings.clipboardClearSec !== forced)
    return { invalid: { clipboardClearSec: text('validationClipboardForced', forced) } };
  await browser.storage.local.set({ [KEY]: checked.settings });
  return { saved: checked.settings };
}
