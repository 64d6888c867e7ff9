import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionView } from '../shared/protocol.ts';

interface Props {
  session: SessionView;
  busy: boolean;
  onSubmit: (code: string) => void;
  onCancel: () => void;
}

export function CodeForm({ session, busy, onSubmit, onCancel }: Props) {
  const [code, setCode] = useState('');
  const input = useRef<HTMLInputElement>(null);
  // The user arrives here from the password step or from reopening the popup: the code is next.
  useEffect(() => input.current?.focus(), []);
  const id = `${session.profileId}-code`;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(code);
      }}
    >
      {session.challenge && <p class="muted">{session.challenge.message}</p>}
      <label for={id}>Verification code</label>
      <input
        id={id}
        ref={input}
        name="code"
        autocomplete="one-time-code"
        inputMode="numeric"
        value={code}
        onInput={(event) => setCode(event.currentTarget.value)}
        required
      />
      <div class="actions">
        <button class="primary" type="submit" disabled={busy}>
          {busy ? 'Verifying…' : 'Verify'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
