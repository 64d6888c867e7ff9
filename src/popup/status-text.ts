import type { SessionView } from '../shared/protocol.ts';

/** "59 min", "4 min 05 s", "12 s": precise where it matters, near the end. */
export function formatRemaining(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  if (seconds >= 600) return `${Math.floor(seconds / 60)} min`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${seconds} s`;
}

/** The status line of a profile; always contains the state's name that people and tests look for. */
export function statusText(session: SessionView, now: number): string {
  switch (session.state) {
    case 'signed-out':
      return 'Signed out';
    case 'signing-in':
      return 'Signing in…';
    case 'code-required':
      return session.challengeExpiresAt
        ? `Code required · ${formatRemaining(session.challengeExpiresAt - now)} left to answer`
        : 'Code required';
    case 'active':
    case 'refreshing': {
      const left = session.expiresAt ? ` · ${formatRemaining(session.expiresAt - now)} left` : '';
      return `Active${left}${session.state === 'refreshing' ? ' · refreshing' : ''}`;
    }
    case 'expired':
      return 'Expired';
    case 'error':
      return 'Error';
  }
}
