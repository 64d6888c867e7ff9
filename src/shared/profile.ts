import * as v from 'valibot';
import type { BrokerId } from '../brokers/types.ts';
import { usableHeaderValue } from '../brokers/header-values.ts';
import { BUILD_URL_POLICY, normaliseBaseUrl, urlProblem, type UrlPolicy } from './profile-urls.ts';
import { messageKey, text, type MessageKey, type Text } from './text.ts';

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
export type FieldErrors = Partial<Record<ProfileField, Text>>;

export const DEFAULT_REFRESH_MARGIN_SEC = 300;

const BROKER_IDS = ['volven', 'etna', 'traderevolution'] as const;

/** Marks the URL check, whose message depends on what is wrong with the URL. */
const INVALID_URL = 'invalid-url';

/** Built per policy: the URL check depends on the build (or on the test that passes one). */
const draftSchema = (policy: UrlPolicy) =>
  v.object(
    {
      id: v.optional(v.string(messageKey('validationTextExpected'))),
      name: v.pipe(
        v.string(messageKey('validationNameMissing')),
        v.trim(),
        v.nonEmpty(messageKey('validationNameMissing')),
        v.maxLength(60, messageKey('validationNameTooLong')),
      ),
      broker: v.picklist(BROKER_IDS, messageKey('validationBrokerMissing')),
      apiBaseUrl: v.pipe(
        v.string(messageKey('validationApiUrlMissing')),
        v.trim(),
        v.nonEmpty(messageKey('validationApiUrlMissing')),
        v.check((value) => urlProblem(value, 'http', policy) === undefined, INVALID_URL),
      ),
      appKey: v.optional(
        v.pipe(
          v.string(messageKey('validationTextExpected')),
          v.trim(),
          // It is sent as the Et-App-Key header, and set by every header rule of the profile.
          v.check(
            (value) => value === '' || usableHeaderValue(value),
            messageKey('validationAppKeyNotHeaderSafe'),
          ),
        ),
      ),
      webAppOrigins: v.optional(
        v.array(
          v.pipe(v.string(messageKey('validationWebAppOriginsList')), v.trim()),
          messageKey('validationWebAppOriginsList'),
        ),
        [],
      ),
      staySignedIn: v.optional(v.boolean(messageKey('validationYesOrNo')), false),
      tokenLifetimeSec: v.optional(
        v.pipe(
          v.number(messageKey('validationSecondsNumber')),
          v.integer(messageKey('validationSecondsWhole')),
          v.minValue(5, messageKey('validationSecondsAtLeast5')),
          v.maxValue(7 * 86_400, messageKey('validationLifetimeAtMostWeek')),
        ),
      ),
      refreshMarginSec: v.optional(
        v.pipe(
          v.number(messageKey('validationSecondsNumber')),
          v.integer(messageKey('validationSecondsWhole')),
          v.minValue(5, messageKey('validationSecondsAtLeast5')),
          v.maxValue(3600, messageKey('validationSecondsAtMost3600')),
        ),
        DEFAULT_REFRESH_MARGIN_SEC,
      ),
    },
    // valibot says a required field is missing with the object's message.
    messageKey('validationFieldMissing'),
  );

const ETNA_NEEDS_APP_KEY = text('validationAppKeyMissing');

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
  policy: UrlPolicy = BUILD_URL_POLICY,
): { ok: true; profile: ProfileDraft } | { ok: false; errors: FieldErrors } {
  const parsed = v.safeParse(draftSchema(policy), input);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      const key = v.getDotPath(issue)?.split('.')[0] as ProfileField | undefined;
      if (!key || errors[key]) continue;
      errors[key] =
        issue.message === INVALID_URL && typeof issue.input === 'string'
          ? (urlProblem(issue.input, 'http', policy) ?? text('validationUrlInvalid'))
          : text(issue.message as MessageKey);
    }
    // Said at once, not after the other fields are fixed.
    if (!errors.appKey && !errors.broker && needsMissingAppKey(input)) errors.appKey = ETNA_NEEDS_APP_KEY;
    return { ok: false, errors };
  }
  const draft = parsed.output;
  if (needsMissingAppKey(draft)) errors.appKey = ETNA_NEEDS_APP_KEY;
  draft.webAppOrigins.forEach((origin) => {
    const problem = urlProblem(origin, 'http', policy);
    if (problem && !errors.webAppOrigins)
      errors.webAppOrigins = text('validationWebAppOrigin', origin, problem);
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
