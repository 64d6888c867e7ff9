import { settingsInForce } from '../../shared/policy-in-force.ts';
import { validateSettings, type Settings, type SettingsErrors } from '../../shared/settings.ts';
import { localItems } from '../../shared/storage-items.ts';
import { readItem, writeItem } from '../../shared/storage.ts';
import { text } from '../../shared/text.ts';
import { readFreshManagedPolicy, readManagedPolicy } from './managed-policy.ts';

/** The user's settings, with whatever the administrator's policy forces on top. */
export async function readSettings(): Promise<Settings> {
  const [settings, policy] = await Promise.all([readItem(localItems.settings), readManagedPolicy()]);
  return settingsInForce(settings, policy);
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
  await writeItem(localItems.settings, checked.settings);
  return { saved: checked.settings };
}
