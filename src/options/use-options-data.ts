import { useEffect, useState } from 'preact/hooks';
import type { PolicyView } from '../shared/managed-policy.ts';
import { callBackground, onChanged } from '../shared/messaging.ts';
import type { Profile } from '../shared/profile.ts';
import type { AppError } from '../shared/result.ts';

const NOTHING_LOCKED: PolicyView = { forbidStaySignedIn: false, hideProfileEditing: false };

/** The profiles and the administrator's locks, re-read whenever the worker says something changed. */
export function useOptionsData() {
  const [profiles, setProfiles] = useState<Profile[]>();
  const [policy, setPolicy] = useState<PolicyView>(NOTHING_LOCKED);
  const [loadError, setLoadError] = useState<AppError>();
  useEffect(() => {
    const load = async () => {
      const [listed, locks] = await Promise.all([
        callBackground('listProfiles'),
        callBackground('getPolicy'),
      ]);
      if (listed.ok) setProfiles(listed.value);
      else setLoadError(listed.error);
      if (locks.ok) setPolicy(locks.value);
    };
    void load();
    return onChanged(() => void load());
  }, []);
  return { profiles, policy, loadError };
}
