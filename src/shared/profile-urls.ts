import { text, type Text } from './text.ts';

/** What a build lets a URL be. */
export interface UrlPolicy {
  /** Plain http to `*.test` hosts too: the sandbox's, in the test builds and `npm start` only. */
  allowTestHosts: boolean;
}

/**
 * Set at build time by vite.config.ts (true in the test builds). Unit tests are not built by it
 * and so see the production rules, unless they pass a policy of their own.
 */
export const BUILD_URL_POLICY: UrlPolicy = { allowTestHosts: import.meta.env.ALLOW_TEST_HOSTS === true };

/** Plain http is allowed only where nothing leaves the machine. */
function isLocalHost(hostname: string, policy: UrlPolicy): boolean {
  if (hostname === 'localhost' || hostname === '127.0.0.1') return true;
  return policy.allowTestHosts && hostname.endsWith('.test');
}

/**
 * The API base URL becomes a declarativeNetRequest urlFilter (and its host an initiator domain),
 * where `*` is a wildcard and `|`, `^` are anchors and separators: a URL holding one would attach
 * the token to more than the one address. The parser turns `%2A` in a host into `*`, so the
 * parsed URL is what is checked; it refuses `|` and `^` in a host itself.
 */
const hasWildcard = (url: URL) => url.hostname.includes('*') || /[*|^]/.test(url.pathname);

/** Why a URL can't be a broker endpoint, or undefined when it can. */
export function urlProblem(
  value: string,
  allowedSchemes: 'http' | 'ws' = 'http',
  policy: UrlPolicy = BUILD_URL_POLICY,
): Text | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return text('validationUrlNotFull');
  }
  const secure = allowedSchemes === 'http' ? 'https:' : 'wss:';
  const plain = allowedSchemes === 'http' ? 'http:' : 'ws:';
  if (url.protocol !== secure && url.protocol !== plain) return text('validationUrlScheme', secure);
  if (hasWildcard(url)) return text('validationUrlWildcard');
  if (url.protocol === plain && !isLocalHost(url.hostname, policy))
    return text('validationUrlPlainRemote', secure, plain);
  if (url.username || url.password) return text('validationUrlCredentials');
  if (url.search || url.hash) return text('validationUrlQuery');
  return undefined;
}

export function normaliseBaseUrl(value: string): string {
  const url = new URL(value.trim());
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
