/**
 * The readable parts of a JWT (RFC 7519): its header and claims, decoded without verifying and
 * without the signature, which is never kept or shown. Anything that is not three base64url parts
 * whose first two are JSON objects is not a JWT here.
 */
export interface JwtParts {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  if (part === undefined || !BASE64URL.test(part)) return undefined;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
    // atob gives one character per byte; claims are UTF-8 (a name like "Øyvind").
    const text = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(binary, (char) => char.charCodeAt(0)),
    );
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function decodeJwt(token: string): JwtParts | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const header = decodePart(parts[0]);
  const claims = decodePart(parts[1]);
  return header && claims ? { header, claims } : undefined;
}
