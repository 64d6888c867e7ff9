import { useState } from 'preact/hooks';
import { brokerInfo } from '../shared/brokers-catalog.ts';
import { t } from '../shared/i18n.ts';
import { callBackground } from '../shared/messaging.ts';
import type { SessionView } from '../shared/protocol.ts';
import type { AppError, Result } from '../shared/result.ts';
import { ActiveActions } from './active-actions.tsx';
import { CodeForm } from './code-form.tsx';
import { copyToClipboard } from './copy-to-clipboard.ts';
import type { CopyFormat } from './copy-formats.ts';
import { OneTimeTokenForm } from './one-time-token-form.tsx';
import { SessionDetailsView } from './session-details.tsx';
import { SignInForm } from './sign-in-form.tsx';
import { StateIcon } from './state-icon.tsx';
import { statusText } from './status-text.ts';

interface Props {
  session: SessionView;
  now: number;
  /** The popup's first card takes the focus when the popup opens. */
  first: boolean;
}

export function ProfileCard({ session, now, first }: Props) {
  const [busy, setBusy] = useState(false);
  const [localError, setLocalError] = useState<AppError>();
  const [notice, setNotice] = useState<string>();
  // Once the user acts in this card, each next step takes the focus.
  const [touched, setTouched] = useState(false);
  const profileId = session.profileId;

  /** Runs one request to the worker; its error, if any, is shown in the card. */
  const run = async <T,>(request: () => Promise<Result<T>>): Promise<T | undefined> => {
    setBusy(true);
    setTouched(true);
    setLocalError(undefined);
    setNotice(undefined);
    const reply = await request();
    setBusy(false);
    if (!reply.ok) setLocalError(reply.error);
    return reply.ok ? reply.value : undefined;
  };

  const copy = async (format: CopyFormat) => {
    const done = await run(() => copyToClipboard(profileId, format));
    if (done) setNotice(done);
  };

  const error = localError ?? session.error;
  const active = session.state === 'active' || session.state === 'refreshing';
  const canSignIn = ['signed-out', 'error', 'expired', 'rejected', 'signing-in'].includes(session.state);
  const focusNext = touched || first;
  const cancel = () => void run(() => callBackground('cancel', { profileId }));
  return (
    <section class="profile" aria-label={session.name} data-state={session.state}>
      <header class="profile-head">
        <StateIcon state={session.state} />
        <h2>{session.name}</h2>
      </header>
      <div class="muted broker">
        {brokerInfo(session.broker).label} · {new URL(session.apiBaseUrl).host}
      </div>
      <p class="status" data-state={session.state} role="status">
        {statusText(session, now)}
      </p>
      {active && session.username && (
        <p class="muted signed-in-as">{t('popupSignedInAs', session.username)}</p>
      )}
      {error && (
        <p class="alert" role="alert">
          {error.message}
        </p>
      )}
      {notice && (
        <p class="notice" aria-live="polite">
          {notice}
        </p>
      )}
      {canSignIn && (
        <SignInForm
          session={session}
          busy={busy || session.state === 'signing-in'}
          focusOnMount={focusNext}
          onSubmit={(username, password) =>
            void run(() => callBackground('signIn', { profileId, username, password }))
          }
          onCancel={cancel}
          onForget={() => void run(() => callBackground('forgetUsername', { profileId }))}
        />
      )}
      {session.state === 'code-required' && (
        <CodeForm
          session={session}
          busy={busy}
          focusOnMount={focusNext}
          onSubmit={(code) => void run(() => callBackground('answerCode', { profileId, code }))}
          onCancel={cancel}
        />
      )}
      {active && (
        <ActiveActions
          focusOnMount={focusNext}
          onCopy={(format) => void copy(format)}
          onOpenApi={() => void run(() => callBackground('openApiTab', { profileId }))}
          onSignOut={() => void run(() => callBackground('signOut', { profileId }))}
        />
      )}
      {active && session.broker === 'traderevolution' && <OneTimeTokenForm profileId={profileId} />}
      {active && session.details && <SessionDetailsView details={session.details} />}
      {session.staySignedIn && <p class="muted small">{t('popupStaySignedIn')}</p>}
    </section>
  );
}
