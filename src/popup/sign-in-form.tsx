import { useState } from 'preact/hooks';
import { t } from '../shared/i18n.ts';
import { REFUSED_PASSWORDS_WARNING, type SessionView } from '../shared/protocol.ts';
import { useFocusOnMount } from '../shared/ui/use-focus-on-mount.ts';

interface Props {
  session: SessionView;
  busy: boolean;
  focusOnMount: boolean;
  onSubmit: (username: string, password: string) => void;
  onCancel: () => void;
  /** Drops the username the profile remembers (the worker owns it; the popup never stores it). */
  onForget: () => void;
}

/** Username and password; the password leaves the popup only in the sign-in message. */
export function SignInForm({ session, busy, focusOnMount, onSubmit, onCancel, onForget }: Props) {
  const remembered = session.rememberedUsername;
  const [username, setUsername] = useState(remembered ?? '');
  const [password, setPassword] = useState('');
  // With the username remembered, the sign-in is the password (and the code): start there.
  const usernameRef = useFocusOnMount<HTMLInputElement>(focusOnMount && !remembered);
  const passwordRef = useFocusOnMount<HTMLInputElement>(focusOnMount && !!remembered);
  const id = (field: string) => `${session.profileId}-${field}`;
  const refused = session.refusedPasswords ?? 0;
  const warnLock = refused >= REFUSED_PASSWORDS_WARNING;
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
        ref={usernameRef}
        name="username"
        autocomplete="username"
        value={username}
        onInput={(event) => setUsername(event.currentTarget.value)}
        required
      />
      {remembered && (
        <button
          type="button"
          class="small"
          onClick={() => {
            setUsername('');
            onForget();
          }}
        >
          {t('popupForgetUsername')}
        </button>
      )}
      <label for={id('password')}>{t('popupPassword')}</label>
      <input
        id={id('password')}
        ref={passwordRef}
        name="password"
        type="password"
        autocomplete="current-password"
        value={password}
        onInput={(event) => setPassword(event.currentTarget.value)}
        aria-describedby={warnLock ? id('lock-warning') : undefined}
        required
      />
      {warnLock && (
        <p id={id('lock-warning')} class="warning" data-refused={refused}>
          {t('popupRefusedPasswordsWarning', refused)}
        </p>
      )}
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
