import { useState } from 'preact/hooks';
import { t } from '../shared/i18n.ts';
import type { SessionView } from '../shared/protocol.ts';
import { useFocusOnMount } from '../shared/ui/use-focus-on-mount.ts';

interface Props {
  session: SessionView;
  busy: boolean;
  focusOnMount: boolean;
  onSubmit: (username: string, password: string) => void;
  onCancel: () => void;
}

/** Username and password; the password leaves the popup only in the sign-in message. */
export function SignInForm({ session, busy, focusOnMount, onSubmit, onCancel }: Props) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const first = useFocusOnMount<HTMLInputElement>(focusOnMount);
  const id = (field: string) => `${session.profileId}-${field}`;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(username, password);
      }}
    >
      <label for={id('username')}>{t('popupUsername')}</label>
      <input
        id={id('username')}
        ref={first}
        name="username"
        autocomplete="username"
        value={username}
        onInput={(event) => setUsername(event.currentTarget.value)}
        required
      />
      <label for={id('password')}>{t('popupPassword')}</label>
      <input
        id={id('password')}
        name="password"
        type="password"
        autocomplete="current-password"
        value={password}
        onInput={(event) => setPassword(event.currentTarget.value)}
        required
      />
      <div class="actions">
        <button class="primary" type="submit" disabled={busy}>
          {busy ? t('popupSigningIn') : t('popupSignIn')}
        </button>
        {session.state === 'signing-in' && (
          <button type="button" onClick={onCancel}>
            {t('popupCancel')}
          </button>
        )}
      </div>
    </form>
  );
}
