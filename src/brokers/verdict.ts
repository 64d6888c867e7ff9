import { ETNA_TOKEN_PATH } from './etna.ts';
import { TE_VERIFY_PATH } from './traderevolution.ts';
import type { BrokerId } from './types.ts';
import { VOLVEN_LOGIN_PATH } from './volven.ts';

/**
 * What an API answer to a request that carried a session's token says about that session, as far
 * as the status line tells: the extension observes the traffic (webRequest, never blocking) and
 * so never reads a body. Each broker's "this token is no longer accepted" comes with a 401:
 * - Volven: 401 with its error body (`errorCode`/`error`), Cognito's NotAuthorizedException;
 * - ETNA: `401 {"Message":"Authorization has been denied for this request."}`;
 * - TraderEvolution: 401 with an `errors` array of auth codes (`1.2.0.x`).
 * Everything else is about one request, not the session: 403 (no right to that resource, or
 * ETNA's wrong `Et-App-Key`), 404, 429 (slow down), 5xx (the broker's trouble), a redirect.
 * A 401 on the broker's own sign-in paths is someone's sign-in attempt, not a verdict on ours.
 */
export type Verdict = 'refused' | 'not-a-verdict';

const SIGN_IN_PATHS: Record<BrokerId, readonly string[]> = {
  // Sign-in and renewal share one endpoint; the folder holds Volven's other auth steps.
  volven: [VOLVEN_LOGIN_PATH.slice(0, VOLVEN_LOGIN_PATH.lastIndexOf('/') + 1)],
  etna: [ETNA_TOKEN_PATH],
  // `/auth/token`, `/auth/token/refresh`, `/auth/pfixtoken/verify`, and the one-time-token check.
  traderevolution: ['/auth/', TE_VERIFY_PATH],
};

/** Whether `path` (below the API base URL) is one of the broker's sign-in or renewal endpoints: a
 * prefix that ends with `/` covers its folder, any other the path itself and what is below it. */
function isSignInPath(broker: BrokerId, path: string): boolean {
  return SIGN_IN_PATHS[broker].some((prefix) =>
    prefix.endsWith('/') ? path.startsWith(prefix) : path === prefix || path.startsWith(`${prefix}/`),
  );
}

/**
 * The verdict of one answer. `path` is the request's path below the profile's API base URL
 * (`/whoami` for `https://host/api/whoami` when the base is `https://host/api`), query excluded.
 */
export function verdictOf(broker: BrokerId, status: number, path: string): Verdict {
  if (status !== 401) return 'not-a-verdict';
  return isSignInPath(broker, path) ? 'not-a-verdict' : 'refused';
}
