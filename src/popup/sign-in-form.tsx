import { useState } from 'preact/hooks';
import type { SessionView } from '../shared/protocol.ts';

interface Props {
  session: SessionView;
  busy: boolean;
  onSubmit: (username: string, password: string) => void;
}

export function SignInForm({ session, busy, onSubmit }: Props) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const id = (field: string) => `${session.profileId}-${field}`;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(username, password);
      }}
    >
      <label for={id('username')}>Username</label>
      <input
        id={id('username')}
        name="username"
        autocomplete="username"
        value={username}
        onInput={(event) => setUsername(event.currentTarget.value)}
        required
      />
      <label for={id('password')}>Password</label>
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
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
    </form>
  );
}
