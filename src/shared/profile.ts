import * as v from 'valibot';
import type { BrokerId } from '../brokers/types.ts';

export type { BrokerId };

/** A broker account as the user configured it. Never holds a secret: it lives in storage.local. */
export interface Profile {
  id: string;
  name: string;
  broker: BrokerId;
  /** Normalised: no trailing slash. */
  apiBaseUrl: string;
  appKey?: string;
  /** Origins of the broker's own web app whose requests to the API may carry the token. */
  webAppOrigins: string[];
  /** Opt-in: keep the refresh token on disk so the session survives a browser restart. */
  staySignedIn: boolean;
  /** ETNA only: the deployment's session lifetime (its API does not say); default 24 h. */
  tokenLifetimeSec?: number;
  /** Refresh this many seconds before expiry (capped at 20 % of the token's lifetime). */
  refreshMarginSec: number;
  /** Set by the administrator's policy: shown as managed, not editable or removable. */
  managed?: true;
}

export type ProfileDraft = Omit<Profile, 'id' | 'managed'> & { id?: string };
export type ProfileField = keyof ProfileDraft;
export type FieldErrors = Partial<Record<ProfileField, string>>;

export const DEFAULT_REFRESH_MARGIN_SEC = 300;

/** Plain http is allowed only where nothing leaves the machine. */
function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname.endsWith('.test');
}

/** Why a URL can't be a broker endpoint, or undefined when it can. */
export function urlProblem(value: string, allowedSchemes: 'http' | 'ws' = 'http'): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a full URL, e.g. https://api.example.com';
  }
  const secure = allowedSchemes === 'http' ? 'https:' : 'wss:';
  const plain = allowedSchemes === 'http' ? 'http:' : 'ws:';
  if (url.protocol !== secure && url.protocol !== plain) return `The URL must start with ${secure}//`;
  if (url.protocol === plain && !isLocalHost(url.hostname))
    return `Use ${secure}// (plain ${plain}// only for localhost, 127.0.0.1 and *.test)`;
  if (url.username || url.password) return 'The URL must not contain a user name or password';
  if (url.search || url.hash) return 'The URL must not contain a query or fragment';
  return undefined;
}

export function normaliseBaseUrl(value: string): string {
  const url = new URL(value.trim());
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

const BROKER_IDS = ['volven', 'etna', 'traderevolution'] as const;

const draftSchema = v.object({
  id: v.optional(v.string()),
  name: v.pipe(v.string(), v.trim(), v.nonEmpty('Enter a name'), v.maxLength(60, 'At most 60 characters')),
  broker: v.picklist(BROKER_IDS, 'Choose a broker'),
  apiBaseUrl: v.pipe(
    v.string(),
    v.trim(),
    v.nonEmpty('Enter the API base URL'),
    v.check((value) => urlProblem(value) === undefined, 'invalid-url'),
  ),
  appKey: v.optional(v.pipe(v.string(), v.trim())),
  webAppOrigins: v.optional(v.array(v.pipe(v.string(), v.trim())), []),
  staySignedIn: v.optional(v.boolean(), false),
  tokenLifetimeSec: v.optional(
    v.pipe(
      v.number('Enter a number of seconds'),
      v.integer('Enter whole seconds'),
      v.minValue(5, 'At least 5 seconds'),
      v.maxValue(7 * 86_400, 'At most a week'),
    ),
  ),
  refreshMarginSec: v.optional(
    v.pipe(
      v.number('Enter a number of seconds'),
      v.integer('Enter whole seconds'),
      v.minValue(5, 'At least 5 seconds'),
      v.maxValue(3600, 'At most 3600 seconds'),
    ),
    DEFAULT_REFRESH_MARGIN_SEC,
  ),
});

const ETNA_NEEDS_APP_KEY = 'ETNA Trader needs the app key (Et-App-Key)';

function needsMissingAppKey(input: unknown): boolean {
  const { broker, appKey } = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  return broker === 'etna' && (typeof appKey !== 'string' || appKey.trim() === '');
}

/** Checks a profile as typed in the options page or imported from JSON; errors per field. */
export function validateProfile(
  input: unknown,
): { ok: true; profile: ProfileDraft } | { ok: false; errors: FieldErrors } {
  const parsed = v.safeParse(draftSchema, input);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      const key = v.getDotPath(issue)?.split('.')[0] as ProfileField | undefined;
      if (!key || errors[key]) continue;
      errors[key] =
        issue.message === 'invalid-url' && typeof issue.input === 'string'
          ? (urlProblem(issue.input) ?? 'Invalid URL')
          : issue.message;
    }
    // Said at once, not after the other fields are fixed.
    if (!errors.appKey && !errors.broker && needsMissingAppKey(input)) errors.appKey = ETNA_NEEDS_APP_KEY;
    return { ok: false, errors };
  }
  const draft = parsed.output;
  if (needsMissingAppKey(draft)) errors.appKey = ETNA_NEEDS_APP_KEY;
  draft.webAppOrigins.forEach((origin) => {
    const problem = urlProblem(origin);
    if (problem && !errors.webAppOrigins) errors.webAppOrigins = `${origin}: ${problem}`;
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    profile: {
      ...draft,
      apiBaseUrl: normaliseBaseUrl(draft.apiBaseUrl),
      appKey: draft.broker === 'etna' ? draft.appKey : undefined,
      tokenLifetimeSec: draft.broker === 'etna' ? draft.tokenLifetimeSec : undefined,
      webAppOrigins: draft.webAppOrigins.map((origin) => new URL(origin).origin),
    },
  };
}

/** The origins a profile needs host permission for: the API (and its WebSocket twin), web apps. */
export function requiredOrigins(profile: Pick<Profile, 'apiBaseUrl' | 'webAppOrigins'>): string[] {
  const api = new URL(profile.apiBaseUrl);
  const ws = api.protocol === 'https:' ? 'wss:' : 'ws:';
  return [
    `${api.protocol}//${api.hostname}/*`,
    `${ws}//${api.hostname}/*`,
    ...profile.webAppOrigins.map((origin) => `${new URL(origin).protocol}//${new URL(origin).hostname}/*`),
  ];
}
