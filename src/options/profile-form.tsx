import { useState } from 'preact/hooks';
import { BROKER_CATALOG, brokerInfo } from '../shared/brokers-catalog.ts';
import { say, t } from '../shared/i18n.ts';
import type { PolicyView } from '../shared/managed-policy.ts';
import {
  DEFAULT_REFRESH_MARGIN_SEC,
  validateProfile,
  type BrokerId,
  type FieldErrors,
  type Profile,
  type ProfileDraft,
  type ProfileField,
} from '../shared/profile.ts';
import { useFocusOnMount } from '../shared/ui/use-focus-on-mount.ts';
import { fieldId } from './field-labels.ts';
import { FieldError, NumberField, TextField } from './form-fields.tsx';

interface Props {
  initial?: Profile;
  policy: PolicyView;
  onSave: (draft: ProfileDraft) => Promise<FieldErrors | undefined>;
  onCancel: () => void;
}

const emptyDraft = (): FormDraft => ({
  name: '',
  broker: 'volven',
  apiBaseUrl: '',
  appKey: '',
  webAppOrigins: [],
  staySignedIn: false,
  refreshMarginSec: DEFAULT_REFRESH_MARGIN_SEC,
});

/** What the form holds: a number field may be empty while the user types (the default applies). */
type FormDraft = Omit<ProfileDraft, 'refreshMarginSec'> & { refreshMarginSec?: number };

function toDraft({ managed: _managed, ...profile }: Profile): FormDraft {
  return profile;
}

const FIELD_ORDER: ProfileField[] = [
  'name',
  'broker',
  'apiBaseUrl',
  'appKey',
  'tokenLifetimeSec',
  'refreshMarginSec',
  'webAppOrigins',
  'staySignedIn',
];

/** Puts the cursor in the first field the user has to fix. */
function focusFirstError(errors: FieldErrors): void {
  const first = FIELD_ORDER.find((field) => errors[field]);
  if (first) document.getElementById(fieldId(first))?.focus();
}

export function ProfileForm({ initial, policy, onSave, onCancel }: Props) {
  const [draft, setDraft] = useState<FormDraft>(initial ? toDraft(initial) : emptyDraft());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const nameRef = useFocusOnMount<HTMLInputElement>(true);
  const set = <K extends ProfileField>(field: K, value: FormDraft[K]) =>
    setDraft((current) => ({ ...current, [field]: value }));
  const info = brokerInfo(draft.broker);
  const field = (name: ProfileField) => {
    const error = errors[name];
    return { name, error: error && say(error) };
  };

  const showErrors = (found: FieldErrors) => {
    setErrors(found);
    // After the errors render, so the focused field is announced with its message.
    requestAnimationFrame(() => focusFirstError(found));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const checked = validateProfile(draft);
    if (!checked.ok) return showErrors(checked.errors);
    setSaving(true);
    const refused = await onSave(checked.profile);
    setSaving(false);
    if (refused) showErrors(refused);
  };

  return (
    <form
      class="profile-form"
      aria-label={initial ? t('optionsEditProfileHeading', initial.name) : t('optionsNewProfileHeading')}
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <TextField
        {...field('name')}
        inputRef={nameRef}
        label={t('optionsFieldName')}
        value={draft.name}
        onInput={(value) => set('name', value)}
      />
      <label for={fieldId('broker')}>{t('optionsFieldBroker')}</label>
      <select
        id={fieldId('broker')}
        value={draft.broker}
        onChange={(event) => set('broker', event.currentTarget.value as BrokerId)}
      >
        {BROKER_CATALOG.map((broker) => (
          <option key={broker.id} value={broker.id}>
            {broker.label}
          </option>
        ))}
      </select>
      <TextField
        {...field('apiBaseUrl')}
        type="url"
        label={t('optionsFieldApiBaseUrl')}
        placeholder={info.baseUrlExample}
        value={draft.apiBaseUrl}
        onInput={(value) => set('apiBaseUrl', value)}
      />
      {info.needsAppKey ? (
        <>
          <TextField
            {...field('appKey')}
            label={t('optionsFieldAppKey')}
            value={draft.appKey ?? ''}
            onInput={(value) => set('appKey', value)}
          />
          <NumberField
            {...field('tokenLifetimeSec')}
            label={t('optionsFieldLifetime')}
            placeholder={t('optionsLifetimePlaceholder')}
            value={draft.tokenLifetimeSec}
            onInput={(value) => set('tokenLifetimeSec', value)}
          />
        </>
      ) : (
        <NumberField
          {...field('refreshMarginSec')}
          label={t('optionsFieldRefreshMargin')}
          hint={t('optionsRefreshMarginHint')}
          value={draft.refreshMarginSec}
          placeholder={String(DEFAULT_REFRESH_MARGIN_SEC)}
          onInput={(value) => set('refreshMarginSec', value)}
        />
      )}
      <label for={fieldId('webAppOrigins')}>{t('optionsFieldWebApps')}</label>
      <textarea
        id={fieldId('webAppOrigins')}
        rows={2}
        placeholder={t('optionsWebAppsPlaceholder')}
        value={draft.webAppOrigins.join('\n')}
        aria-invalid={Boolean(errors.webAppOrigins)}
        aria-describedby={errors.webAppOrigins ? 'error-webAppOrigins' : 'web-apps-hint'}
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
        {t('optionsWebAppsHint')}
      </p>
      <FieldError {...field('webAppOrigins')} />
      <label class="checkbox">
        <input
          id={fieldId('staySignedIn')}
          type="checkbox"
          checked={draft.staySignedIn}
          disabled={policy.forbidStaySignedIn}
          aria-describedby="stay-signed-in-note"
          onChange={(event) => set('staySignedIn', event.currentTarget.checked)}
        />
        {t('optionsFieldStaySignedIn')}
      </label>
      <p class="muted" id="stay-signed-in-note">
        {policy.forbidStaySignedIn
          ? t('optionsStaySignedInForbidden')
          : draft.staySignedIn
            ? t('optionsStaySignedInNote')
            : ''}
      </p>
      <FieldError {...field('staySignedIn')} />
      <div class="actions">
        <button class="primary" type="submit" disabled={saving}>
          {t('optionsSave')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('optionsCancel')}
        </button>
      </div>
    </form>
  );
}
