import { useEffect, useState } from 'preact/hooks';
import { brokerInfo } from '../shared/brokers-catalog.ts';
import { callBackground, onChanged } from '../shared/messaging.ts';
import type { FieldErrors, Profile, ProfileDraft } from '../shared/profile.ts';
import type { AppError } from '../shared/result.ts';
import { requestProfileOrigins } from './host-permissions.ts';
import { ProfileForm } from './profile-form.tsx';

type Editing = { mode: 'closed' } | { mode: 'new' } | { mode: 'edit'; profile: Profile };

export function OptionsApp() {
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [editing, setEditing] = useState<Editing>({ mode: 'closed' });
  const [error, setError] = useState<AppError>();
  const [notice, setNotice] = useState<string>();

  useEffect(() => {
    const load = async () => {
      const reply = await callBackground('listProfiles');
      if (reply.ok) setProfiles(reply.value);
      else setError(reply.error);
    };
    void load();
    return onChanged(() => void load());
  }, []);

  const save = async (draft: ProfileDraft): Promise<FieldErrors | undefined> => {
    const granted = await requestProfileOrigins(draft);
    const reply = await callBackground('saveProfile', draft);
    if (!reply.ok) {
      setError(reply.error);
      return undefined;
    }
    if ('invalid' in reply.value) return reply.value.invalid;
    setEditing({ mode: 'closed' });
    setError(undefined);
    setNotice(
      granted
        ? `Saved “${reply.value.saved.name}”.`
        : `Saved “${reply.value.saved.name}”, but the browser did not grant access to its API: the token cannot be attached until it does.`,
    );
    return undefined;
  };

  const remove = async (profile: Profile) => {
    const reply = await callBackground('removeProfile', { profileId: profile.id });
    if (!reply.ok) setError(reply.error);
  };

  return (
    <>
      <h1>Broker Sessions · Profiles</h1>
      {error && (
        <p class="alert" role="alert">
          {error.message}
        </p>
      )}
      {notice && <p role="status">{notice}</p>}
      <ul class="profile-list" aria-label="Profiles">
        {profiles.map((profile) => (
          <li key={profile.id}>
            <span>
              <strong>{profile.name}</strong>{' '}
              <span class="muted">
                {brokerInfo(profile.broker).label} · {profile.apiBaseUrl}
              </span>
            </span>
            <span class="actions">
              <button
                type="button"
                aria-label={`Edit ${profile.name}`}
                onClick={() => setEditing({ mode: 'edit', profile })}
              >
                Edit
              </button>
              <button
                type="button"
                aria-label={`Remove ${profile.name}`}
                onClick={() => void remove(profile)}
              >
                Remove
              </button>
            </span>
          </li>
        ))}
      </ul>
      {editing.mode === 'closed' ? (
        <button class="primary" type="button" onClick={() => setEditing({ mode: 'new' })}>
          Add profile
        </button>
      ) : (
        <ProfileForm
          key={editing.mode === 'edit' ? editing.profile.id : 'new'}
          initial={editing.mode === 'edit' ? editing.profile : undefined}
          onSave={save}
          onCancel={() => setEditing({ mode: 'closed' })}
        />
      )}
    </>
  );
}
