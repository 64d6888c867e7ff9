import type { CopyableToken } from '../shared/protocol.ts';

export type CopyFormat = 'token' | 'header' | 'curl';

/** A value inside single quotes for a POSIX shell: a quote itself is closed, escaped, reopened. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `Authorization: Bearer …`, and ETNA's `Et-App-Key: …`, one header a line. */
export function headerLines(token: CopyableToken): string {
  return token.headers.map(({ name, value }) => `${name}: ${value}`).join('\n');
}

/** A ready command for the API base URL, every header the session needs included. */
export function curlCommand(token: CopyableToken): string {
  const headers = token.headers.map(({ name, value }) => ` -H ${shellQuote(`${name}: ${value}`)}`).join('');
  return `curl${headers} ${shellQuote(`${token.apiBaseUrl}/`)}`;
}

/** The text each copy button puts on the clipboard. */
export function copyText(token: CopyableToken, format: CopyFormat): string {
  if (format === 'header') return headerLines(token);
  if (format === 'curl') return curlCommand(token);
  return token.accessToken;
}
