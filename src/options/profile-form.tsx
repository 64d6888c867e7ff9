import { useState } from 'preact/hooks';
import type { BrokerId } from '../shared/profile.ts';
import { BROKER_CATALOG, brokerInfo } from '../shared/brokers-catalog.ts';
import {
  DEFAULT_REFRESH_MARGIN_SEC,
  validateProfile,
  type FieldErrors,
  type Profile,
  type ProfileDraft,
  type ProfileField,
} from '../shared/profile.ts';

interface Props {
  initial?: Profile;
  onSave: (draft: ProfileDraft) => Promise<FieldErrors | undefined>;
  onCancel: () => void;
}

const emptyDraft = (): ProfileDraft => ({
  name: '',
  broker: 'volven',
  apiBaseUrl: '',
  appKey: '',
  webAppOrigins: [],
  staySignedIn: false,
  refreshMarginSec: DEFAULT_REFRESH_MARGIN_SEC,
});

export function ProfileForm({ initial, onSave, onCancel }: Props) {
  const [draft, setDraft] = useState<ProfileDraft>(initial ?? emptyDraft());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const set = <K extends ProfileField>(field: K, value: ProfileDraft[K]) =>
    setDraft((current) => ({ ...current, [field]: value }));
  const fieldError = (field: ProfileField) =>
    errors[field] && (
      <p class="field-error" id={`error-${field}`} role="alert">
        {errors[field]}
      </p>
    );
  const describedBy = (field: ProfileField) => (errors[field] ? `error-${field}` : undefined);
  const info = brokerInfo(draft.broker);

  const submit = async (event: Event) => {
    event.preventDefault();
    const checked = validateProfile(draft);
    if (!checked.ok) return setErrors(checked.errors);
    setSaving(true);
    setErrors((await onSave(checked.profile)) ?? {});
    setSaving(false);
  };

  return (
    <form class="profile-form" onSubmit={(event) => void submit(event)} noValidate>
      <label for="profile-name">Profile name</label>
      <input
        id="profile-name"
        value={draft.name}
        aria-invalid={Boolean(errors.name)}
        aria-describedby={describedBy('name')}
        onInput={(event) => set('name', event.currentTarget.value)}
      />
      {fieldError('name')}
      <label for="profile-broker">Broker</label>
      <select
        id="profile-broker"
        value={draft.broker}
        onChange={(event) => set('broker', event.currentTarget.value as BrokerId)}
      >
        {BROKER_CATALOG.map((broker) => (
          <option key={broker.id} value={broker.id}>
            {broker.label}
          </option>
        ))}
      </select>
      <label for="profile-url">API base URL</label>
      <input
        id="profile-url"
        type="url"
        placeholder={info.baseUrlExample}
        value={draft.apiBaseUrl}
        aria-invalid={Boolean(errors.apiBaseUrl)}
        aria-describedby={describedBy('apiBaseUrl')}
        onInput={(event) => set('apiBaseUrl', event.currentTarget.value)}
      />
      {fieldError('apiBaseUrl')}
      {info.needsAppKey && (
        <>
          <label for="profile-app-key">App key</label>
          <input
            id="profile-app-key"
            value={draft.appKey ?? ''}
            aria-invalid={Boolean(errors.appKey)}
            aria-describedby={describedBy('appKey')}
            onInput={(event) => set('appKey', event.currentTarget.value)}
          />
          {fieldError('appKey')}
          <label for="profile-lifetime">Session lifetime (seconds)</label>
          <input
            id="profile-lifetime"
            type="number"
            inputMode="numeric"
            min={5}
            placeholder="86400 (24 h, the documented default)"
            value={draft.tokenLifetimeSec ?? ''}
            aria-invalid={Boolean(errors.tokenLifetimeSec)}
            aria-describedby={describedBy('tokenLifetimeSec')}
            onInput={(event) =>
              set(
                'tokenLifetimeSec',
                event.currentTarget.value === '' ? undefined : Number(event.currentTarget.value),
              )
            }
          />
          {fieldError('tokenLifetimeSec')}
        </>
      )}
      <label for="profile-web-apps">Web app origins</label>
      <textarea
        id="profile-web-apps"
        rows={2}
        placeholder="https://app.example-broker.com (one per line; optional)"
        value={draft.webAppOrigins.join('\n')}
        aria-invalid={Boolean(errors.webAppOrigins)}
        aria-describedby={describedBy('webAppOrigins') ?? 'web-apps-hint'}
        onInput={(event) =>
          set(
            'webAppOrigins',
            event.currentTarget.value
              .split(/[\s,]+/)
              .map((origin) => origin.trim())
              .filter(Boolean),
          )
        }
      />
      <p class="muted" id="web-apps-hint">
        Requests that the broker's own web app sends to the API get the token too, in any tab.
      </p>
      {fieldError('webAppOrigins')}
      <label class="checkbox">
        <input
          type="checkbox"
          checked={draft.staySignedIn}
          onChange={(event) => set('staySignedIn', event.currentTarget.checked)}
        />
        Stay signed in
      </label>
      {draft.staySignedIn && (
        <p class="muted">
          The refresh token is then kept on this computer's disk, so the session survives a restart.
        </p>
      )}
      <div class="actions">
        <button class="primary" type="submit" disabled={saving}>
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
