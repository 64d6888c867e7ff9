import { useState } from 'preact/hooks';
import { brokerInfo } from '../shared/brokers-catalog.ts';
import { fingerprint } from '../shared/fingerprint.ts';
import { callBackground } from '../shared/messaging.ts';
import type { SessionView } from '../shared/protocol.ts';
import type { AppError, Result } from '../shared/result.ts';
import { CodeForm } from './code-form.tsx';
import { OneTimeTokenForm } from './one-time-token-form.tsx';
import { SignInForm } from './sign-in-form.tsx';
import { statusText } from './status-text.ts';

interface Props {
  session: SessionView;
  now: number;
}

export function ProfileCard({ session, now }: Props) {
  const [busy, setBusy] = useState(false);
  const [localError, setLocalError] = useState<AppError>();
  const [notice, setNotice] = useState<string>();
  const profileId = session.profileId;

  /** Runs one request to the worker; its error, if any, is shown in the card. */
  const run = async <T,>(request: () => Promise<Result<T>>): Promise<T | undefined> => {
    setBusy(true);
    setLocalError(undefined);
    setNotice(undefined);
    const reply = await request();
    setBusy(false);
    if (!reply.ok) setLocalError(reply.error);
    return reply.ok ? reply.value : undefined;
  };

  const copyToken = async () => {
    const token = await run(() => callBackground('getToken', { profileId }));
    if (!token) return;
    await navigator.clipboard.writeText(token.accessToken);
    const cleared = await callBackground('copied', {
      profileId,
      fingerprint: await fingerprint(token.accessToken),
    });
    const clearAt = cleared.ok ? cleared.value.clearAt : undefined;
    setNotice(
      clearAt
        ? `Token copied · cleared from the clipboard in ${Math.round((clearAt - Date.now()) / 1000)} s`
        : 'Token copied',
    );
  };

  const error = localError ?? session.error;
  const active = session.state === 'active' || session.state === 'refreshing';
  const signInAgain =
    session.state === 'signed-out' || session.state === 'error' || session.state === 'expired';
  return (
    <section class="profile" aria-label={session.name}>
      <h2>{session.name}</h2>
      <div class="muted">{brokerInfo(session.broker).label}</div>
      <p class="status" data-state={session.state} role="status">
        {statusText(session, now)}
      </p>
      {error && (
        <p class="alert" role="alert">
          {error.message}
        </p>
      )}
      {notice && <p class="muted">{notice}</p>}
      {(signInAgain || session.state === 'signing-in') && (
        <SignInForm
          session={session}
          busy={busy || session.state === 'signing-in'}
          onSubmit={(username, password) =>
            void run(() => callBackground('signIn', { profileId, username, password }))
          }
        />
      )}
      {session.state === 'code-required' && (
        <CodeForm
          session={session}
          busy={busy}
          onSubmit={(code) => void run(() => callBackground('answerCode', { profileId, code }))}
          onCancel={() => void run(() => callBackground('cancel', { profileId }))}
        />
      )}
      {active && (
        <div class="actions">
          <button type="button" onClick={() => void copyToken()}>
            Copy token
          </button>
          <button type="button" onClick={() => void run(() => callBackground('openApiTab', { profileId }))}>
            Open API
          </button>
          <button type="button" onClick={() => void run(() => callBackground('signOut', { profileId }))}>
            Sign out
          </button>
        </div>
      )}
      {active && session.broker === 'traderevolution' && <OneTimeTokenForm profileId={profileId} />}
    </section>
  );
}
