/**
 * The popup's list as component tests give it: what the test's `listSessions` answer says
 * (fake-background.ts), re-read when the test fires a change. The popup reads the real thing from
 * storage through src/shared/session-views.ts, which has its own test against fake-browser
 * (test/unit/shared/session-views.test.ts). Use with
 * `vi.mock('../../../src/shared/session-views.ts', () => import('../support/ui/fake-session-views.ts'))`.
 */
import type { SessionView } from '../../../../src/shared/protocol.ts';
import { callBackground, onChanged } from './fake-background.ts';

export async function readSessionViews(): Promise<SessionView[] | undefined> {
  const reply = await callBackground('listSessions');
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value;
}

export const onSessionViewsChanged = onChanged;
