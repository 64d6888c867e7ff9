import { useState } from 'preact/hooks';
import { t } from '../shared/i18n.ts';
import { callBackground } from '../shared/messaging.ts';
import type { OneTimeTokenCheck } from '../shared/protocol.ts';
import type { AppError } from '../shared/result.ts';

/** TraderEvolution: paste a one-time token, see whose login it is or why it is not valid. */
export function OneTimeTokenForm({ profileId }: { profileId: string }) {
  const [open, setOpen] = useState(false);
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<OneTimeTokenCheck>();
  const [error, setError] = useState<AppError>();
  if (!open)
    return (
      <div class="actions">
        <button type="button" onClick={() => setOpen(true)}>
          {t('popupVerifyOneTimeToken')}
        </button>
      </div>
    );
  const id = `${profileId}-one-time-token`;
  return (
    <form
      class="one-time-token"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setAnswer(undefined);
        setError(undefined);
        void callBackground('verifyOneTimeToken', { profileId, token }).then((reply) => {
          setBusy(false);
          if (reply.ok) setAnswer(reply.value);
          else setError(reply.error);
        });
      }}
    >
      <label for={id}>{t('popupOneTimeToken')}</label>
      <input
        id={id}
        autoFocus
        autocomplete="off"
        spellcheck={false}
        value={token}
        onInput={(event) => setToken(event.currentTarget.value)}
      />
      <div class="actions">
        <button type="submit" disabled={busy}>
          {busy ? t('popupChecking') : t('popupCheck')}
        </button>
      </div>
      {answer?.valid && (
        <p class="notice" aria-live="polite">
          {t('popupTokenValid', answer.login)}
        </p>
      )}
      {answer && !answer.valid && (
        <p class="alert" role="alert">
          {t('popupTokenNotValid', answer.reason)}
        </p>
      )}
      {error && (
        <p class="alert" role="alert">
          {error.message}
        </p>
      )}
    </form>
  );
}
