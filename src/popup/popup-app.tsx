import { useLayoutEffect, useMemo } from 'preact/hooks';
import { browser } from '../shared/browser.ts';
import { t } from '../shared/i18n.ts';
import { byAttention } from './attention.ts';
import { inOwnWindow, popOut } from './pop-out.ts';
import { ProfileCard } from './profile-card.tsx';
import { useNow, useSessions } from './use-sessions.ts';

export function PopupApp() {
  const { sessions, loadError } = useSessions();
  const now = useNow();
  // Ordered when the sessions change, not at every tick, so cards do not move under the pointer.
  const ordered = useMemo(() => sessions && byAttention(sessions, Date.now()), [sessions]);
  const windowed = inOwnWindow();
  useLayoutEffect(() => {
    // The benchmark's "popup ready": the list is on screen with the worker's live state.
    if (ordered && !performance.getEntriesByName('popup-ready').length) performance.mark('popup-ready');
  }, [ordered]);
  return (
    <>
      <header class="popup-header">
        <h1>{t('popupTitle')}</h1>
        <span class="actions">
          {!windowed && (
            <button type="button" title={t('popupPopOutHint')} onClick={() => void popOut()}>
              {t('popupPopOut')}
            </button>
          )}
          <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('popupProfiles')}
          </button>
        </span>
      </header>
      {loadError && (
        <p class="alert" role="alert">
          {loadError.message}
        </p>
      )}
      {!ordered && !loadError && <p class="muted">{t('popupLoading')}</p>}
      {ordered?.length === 0 && <p class="muted">{t('popupNoProfiles')}</p>}
      {ordered?.map((session, index) => (
        <ProfileCard key={session.profileId} session={session} now={now} first={index === 0} />
      ))}
    </>
  );
}
