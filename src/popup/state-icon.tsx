import type { SessionState } from '../shared/protocol.ts';

/**
 * A small glyph per session state, so the list can be read at a glance; decorative only (the
 * status text next to it says the same in words).
 */
const PATHS: Record<SessionState, string> = {
  'signed-out': 'M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zm0 1.5a4.5 4.5 0 1 1 0 9 4.5 4.5 0 0 1 0-9z',
  'signing-in': 'M8 2a6 6 0 1 0 6 6h-1.5A4.5 4.5 0 1 1 8 3.5z',
  refreshing: 'M8 2a6 6 0 1 0 6 6h-1.5A4.5 4.5 0 1 1 8 3.5z',
  restoring: 'M8 2a6 6 0 1 0 6 6h-1.5A4.5 4.5 0 1 1 8 3.5z',
  'code-required': 'M5 7V5.5a3 3 0 0 1 6 0V7h1v7H4V7zm1.5 0h3V5.5a1.5 1.5 0 0 0-3 0zM7.25 9.5v2h1.5v-2z',
  active: 'M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zm2.7 3.7 1.06 1.06L7.25 11.3 4.7 8.75l1.06-1.06 1.5 1.5z',
  expired: 'M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zm-.75 2.5h1.5v3.2l2.1 2.1-1.06 1.06-2.54-2.54z',
  // A shield struck through: the broker refused the session.
  rejected: 'M8 1 14 3.5V8c0 3.2-2.6 5.9-6 7-3.4-1.1-6-3.8-6-7V3.5zM4.4 5.5l6.1 6.1 1.06-1.06-6.1-6.1z',
  error: 'M8 1.5 15 14H1zm-.75 4v4h1.5v-4zm0 5v1.5h1.5V10.5z',
};

export function StateIcon({ state }: { state: SessionState }) {
  return (
    <svg
      class="state-icon"
      data-state={state}
      viewBox="0 0 16 16"
      width="14"
      height="14"
      aria-hidden="true"
      focusable="false"
    >
      <path fill="currentColor" fill-rule="evenodd" d={PATHS[state]} />
    </svg>
  );
}
