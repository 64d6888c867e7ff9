import { validateProfile, type Profile, type ProfileDraft, type ProfileField } from './profile.ts';
import { text, type Text } from './text.ts';

/**
 * The profiles file: what the options page exports and imports, and the shape an administrator's
 * policy uses for its `profiles`. Settings only: a profile never holds a password or token.
 */
export interface ProfilesFile {
  format: 'broker-sessions-profiles';
  version: 1;
  profiles: ExportedProfile[];
}

export type ExportedProfile = Omit<ProfileDraft, 'id'>;

/** One problem of an import, located so a person can fix the file. */
export interface ImportProblem {
  /** 1-based position in the file's `profiles`; absent for a problem with the file itself. */
  profile?: number;
  field?: ProfileField;
  message: Text;
}

export type ImportResult =
  { ok: true; profiles: ExportedProfile[] } | { ok: false; problems: ImportProblem[] };

/** The file for `profiles`: ids and the administrator's marks left out, fields in a stable order. */
export function exportProfiles(profiles: Profile[]): ProfilesFile {
  return {
    format: 'broker-sessions-profiles',
    version: 1,
    profiles: profiles.map((profile) => ({
      name: profile.name,
      broker: profile.broker,
      apiBaseUrl: profile.apiBaseUrl,
      ...(profile.appKey !== undefined && { appKey: profile.appKey }),
      webAppOrigins: profile.webAppOrigins,
      staySignedIn: profile.staySignedIn,
      refreshMarginSec: profile.refreshMarginSec,
      ...(profile.tokenLifetimeSec !== undefined && { tokenLifetimeSec: profile.tokenLifetimeSec }),
    })),
  };
}

/**
 * Reads an exported file. Everything is checked before anything is used: a file with any problem
 * imports nothing, and every problem is reported with its profile and field.
 */
export function parseProfilesFile(json: string): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return { ok: false, problems: [{ message: text('importNotJson') }] };
  }
  const file = typeof data === 'object' && data !== null ? (data as Partial<ProfilesFile>) : undefined;
  if (!file || !Array.isArray(file.profiles))
    return {
      ok: false,
      problems: [{ message: text('importNotProfilesFile') }],
    };
  if (file.version !== undefined && file.version !== 1)
    return {
      ok: false,
      problems: [{ message: text('importVersionUnsupported', String(file.version)) }],
    };

  const problems: ImportProblem[] = [];
  const profiles: ExportedProfile[] = [];
  file.profiles.forEach((entry: unknown, index) => {
    const checked = validateProfile(withoutId(entry));
    if (checked.ok) profiles.push(withoutId(checked.profile) as ExportedProfile);
    else
      for (const [field, message] of Object.entries(checked.errors) as [ProfileField, Text][])
        problems.push({ profile: index + 1, field, message });
  });
  if (profiles.length === 0 && problems.length === 0) problems.push({ message: text('importEmpty') });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, profiles };
}

/** An id in a file belongs to another browser's storage: never reuse it. */
function withoutId(entry: unknown): unknown {
  if (typeof entry !== 'object' || entry === null) return entry;
  return Object.fromEntries(Object.entries(entry).filter(([key]) => key !== 'id'));
}

/** The same profile, for an import that updates rather than duplicates. */
export const sameProfile = (a: ExportedProfile, b: ExportedProfile) =>
  a.name === b.name && a.broker === b.broker && a.apiBaseUrl === b.apiBaseUrl;
