import { useEffect, useState } from 'preact/hooks';
import type { PolicyView } from '../shared/managed-policy.ts';
import { onOptionsDataChanged, readOptionsData } from '../shared/options-data.ts';
import type { Profile } from '../shared/profile.ts';
import type { AppError } from '../shared/result.ts';
import type { Settings } from '../shared/settings.ts';
import { t } from '../shared/i18n.ts';

const NOTHING_LOCKED: PolicyView = {
  forbidStaySignedIn: false,
  hideProfileEditing: false,
  forbidTokenBridge: false,
};

/** The profiles, the administrator's locks and the settings, from storage, re-read when they change. */
export function useOptionsData() {
  const [profiles, setProfiles] = useState<Profile[]>();
  const [policy, setPolicy] = useState<PolicyView>(NOTHING_LOCKED);
  const [settings, setSettings] = useState<Settings>();
  const [loadError, setLoadError] = useState<AppError>();
  useEffect(() => {
    let latest = 0;
    const load = async () => {
      const read = (latest += 1);
      try {
        const data = await readOptionsData();
        if (read !== latest || !data) return;
        setProfiles(data.profiles);
        setPolicy(data.policy);
        setSettings(data.settings);
      } catch {
        if (read === latest) setLoadError({ code: 'storage', message: t('workerErrorInternal') });
      }
    };
    void load();
    const unsubscribe = onOptionsDataChanged(() => void load());
    return () => {
      latest = Number.NaN;
      unsubscribe();
    };
  }, []);
  return { profiles, policy, settings, loadError };
}
