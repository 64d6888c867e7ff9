import { brokerInfo } from '../shared/brokers-catalog.ts';
import { t } from '../shared/i18n.ts';
import type { Profile } from '../shared/profile.ts';
import { PermissionStatus } from './permission-status.tsx';

interface Props {
  profiles: Profile[];
  /** The administrator's policy hides editing of every profile. */
  editingLocked: boolean;
  onEdit: (profile: Profile) => void;
  onRemove: (profile: Profile) => void;
}

export function ProfileList({ profiles, editingLocked, onEdit, onRemove }: Props) {
  if (profiles.length === 0) return <p class="muted">{t('optionsNoProfiles')}</p>;
  return (
    <ul class="profile-list" aria-label={t('optionsProfilesHeading')}>
      {profiles.map((profile) => (
        <li key={profile.id}>
          <div class="profile-summary">
            <strong>{profile.name}</strong>{' '}
            <span class="muted">
              {brokerInfo(profile.broker).label} · {profile.apiBaseUrl}
            </span>
            {profile.managed && <span class="managed-badge">{t('optionsManaged')}</span>}
            <PermissionStatus profile={profile} />
          </div>
          {!profile.managed && !editingLocked && (
            <span class="actions">
              <button
                type="button"
                aria-label={t('optionsEditLabel', profile.name)}
                onClick={() => onEdit(profile)}
              >
                {t('optionsEdit')}
              </button>
              <button
                type="button"
                aria-label={t('optionsRemoveLabel', profile.name)}
                onClick={() => onRemove(profile)}
              >
                {t('optionsRemove')}
              </button>
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
