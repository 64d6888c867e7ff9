/**
 * The options page's data as component tests give it: what the test's `listProfiles`,
 * `getPolicy` and `getSettings` answers say (fake-background.ts), re-read when the test fires a
 * change. The page reads the real thing from storage through src/shared/options-data.ts. Use with
 * `vi.mock('../../../src/shared/options-data.ts', () => import('../support/ui/fake-options-data.ts'))`.
 */
import { DEFAULT_SETTINGS } from '../../../../src/shared/settings.ts';
import { callBackground, onChanged } from './fake-background.ts';

export async function readOptionsData() {
  const [profiles, policy, settings] = await Promise.all([
    callBackground('listProfiles'),
    callBackground('getPolicy'),
    callBackground('getSettings'),
  ]);
  if (!profiles.ok) throw new Error(profiles.error.message);
  return {
    profiles: profiles.value,
    policy: policy.ok ? policy.value : { forbidStaySignedIn: false, hideProfileEditing: false },
    settings: settings.ok ? settings.value : DEFAULT_SETTINGS,
  };
}

export const onOptionsDataChanged = onChanged;
