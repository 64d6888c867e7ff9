import { useRef, useState } from 'preact/hooks';
import { t } from '../shared/i18n.ts';
import { callBackground } from '../shared/messaging.ts';
import type { FieldErrors, Profile, ProfileDraft } from '../shared/profile.ts';
import type { AppError } from '../shared/result.ts';
import { ClipboardSetting } from './clipboard-setting.tsx';
import { requestProfileOrigins } from './host-permissions.ts';
import { ImportExport } from './import-export.tsx';
import { ProfileForm } from './profile-form.tsx';
import { ProfileList } from './profile-list.tsx';
import { useOptionsData } from './use-options-data.ts';
import { TokenBridgeSection } from './token-bridge.tsx';

type Editing = { mode: 'closed' } | { mode: 'new' } | { mode: 'edit'; profile: Profile };

export function OptionsApp() {
  const { profiles, policy, settings, loadError } = useOptionsData();
  const [editing, setEditing] = useState<Editing>({ mode: 'closed' });
  const [error, setError] = useState<AppError>();
  const [notice, setNotice] = useState<string>();
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const editingLocked = policy.hideProfileEditing;

  /** Tells the result where the keyboard user is: focus moves to the message. */
  const announce = (message: string) => {
    setNotice(message);
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  const save = async (draft: ProfileDraft): Promise<FieldErrors | undefined> => {
    // Asked first, straight from the click: the browser prompts only during a user gesture.
    const granted = await requestProfileOrigins(draft);
    const reply = await callBackground('saveProfile', draft);
    if (!reply.ok) {
      setError(reply.error);
      return undefined;
    }
    if ('invalid' in reply.value) return reply.value.invalid;
    setEditing({ mode: 'closed' });
    setError(undefined);
    const { name } = reply.value.saved;
    announce(granted ? t('optionsSaved', name) : t('optionsSavedNoAccess', name));
    return undefined;
  };

  const remove = async (profile: Profile) => {
    const reply = await callBackground('removeProfile', { profileId: profile.id });
    if (!reply.ok) return setError(reply.error);
    setError(undefined);
    announce(t('optionsRemoved', profile.name));
  };

  return (
    <>
      <h1>{t('optionsTitle')}</h1>
      {(error ?? loadError) && (
        <p class="alert" role="alert">
          {(error ?? loadError)!.message}
        </p>
      )}
      <p role="status" tabIndex={-1} ref={noticeRef} class="notice">
        {notice}
      </p>
      <section aria-labelledby="profiles-heading">
        <h2 id="profiles-heading">{t('optionsProfilesHeading')}</h2>
        {profiles && (
          <ProfileList
            profiles={profiles}
            editingLocked={editingLocked}
            onEdit={(profile) => setEditing({ mode: 'edit', profile })}
            onRemove={(profile) => void remove(profile)}
          />
        )}
        {editingLocked ? (
          <p class="muted">{t('optionsEditingLocked')}</p>
        ) : editing.mode === 'closed' ? (
          <button class="primary" type="button" onClick={() => setEditing({ mode: 'new' })}>
            {t('optionsAddProfile')}
          </button>
        ) : (
          <ProfileForm
            key={editing.mode === 'edit' ? editing.profile.id : 'new'}
            initial={editing.mode === 'edit' ? editing.profile : undefined}
            policy={policy}
            onSave={save}
            onCancel={() => setEditing({ mode: 'closed' })}
          />
        )}
      </section>
      {profiles && <ImportExport profiles={profiles} canImport={!editingLocked} />}
      <ClipboardSetting lockedTo={policy.clipboardClearSec} stored={settings?.clipboardClearSec} />
      <TokenBridgeSection />
    </>
  );
}
