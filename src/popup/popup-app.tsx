import { browser } from '../shared/browser.ts';
import { ProfileCard } from './profile-card.tsx';
import { useNow, useSessions } from './use-sessions.ts';

export function PopupApp() {
  const { sessions, loadError } = useSessions();
  const now = useNow();
  return (
    <>
      <header class="popup-header">
        <h1>Broker Sessions</h1>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          Profiles
        </button>
      </header>
      {loadError && (
        <p class="alert" role="alert">
          {loadError.message}
        </p>
      )}
      {sessions?.length === 0 && (
        <p class="muted">No profiles yet. Add your broker account under “Profiles”.</p>
      )}
      {sessions?.map((session) => (
        <ProfileCard key={session.profileId} session={session} now={now} />
      ))}
    </>
  );
}
