import { useState } from 'preact/hooks';
import { t } from '../shared/i18n.ts';
import type { SessionView } from '../shared/protocol.ts';
import { useFocusOnMount } from '../shared/ui/use-focus-on-mount.ts';

interface Props {
  session: SessionView;
  busy: boolean;
  focusOnMount: boolean;
  onSubmit: (code: string) => void;
  onCancel: () => void;
}

/**
 * The code step. Its state lives in the worker, so closing the popup to read the authenticator
 * app or the mail loses nothing: reopening shows this form again.
 */
export function CodeForm({ session, busy, focusOnMount, onSubmit, onCancel }: Props) {
  const [code, setCode] = useState('');
  const input = useFocusOnMount<HTMLInputElement>(focusOnMount);
  const id = `${session.profileId}-code`;
  const hint = `${session.profileId}-code-hint`;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(code);
      }}
    >
      {session.challenge && (
        <p class="muted" id={hint}>
          {session.challenge.message}
        </p>
      )}
      <label for={id}>{t('popupVerificationCode')}</label>
      <input
        id={id}
        ref={input}
        name="code"
        autocomplete="one-time-code"
        inputMode="numeric"
        spellcheck={false}
        aria-describedby={session.challenge ? hint : undefined}
        value={code}
        onInput={(event) => setCode(event.currentTarget.value)}
        required
      />
      <div class="actions">
        <button class="primary" type="submit" disabled={busy}>
          {busy ? t('popupVerifying') : t('popupVerify')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('popupCancel')}
        </button>
      </div>
    </form>
  );
}
