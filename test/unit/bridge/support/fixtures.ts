import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BridgeHeaders } from '../../../../src/shared/bridge-protocol.ts';

export const TOKEN = 'tok-3f9a.SECRET.e1b7';

export function sessionHeaders(
  token = TOKEN,
  apiBaseUrl = 'https://api.example.test/proftrading/rest',
  extra: Record<string, string> = {},
): BridgeHeaders {
  return {
    profile: { id: 'p-1', name: 'TE demo', broker: 'traderevolution' },
    apiBaseUrl,
    accessToken: token,
    headers: { Authorization: `Bearer ${token}`, ...extra },
    expiresAt: Date.now() + 3_600_000,
  };
}

/** A temporary directory, and its runtime directory for hosts (not created). */
export function tempPlace(prefix: string): { base: string; runDir: string; remove(): void } {
  const base = mkdtempSync(join(tmpdir(), prefix));
  return { base, runDir: join(base, 'run'), remove: () => rmSync(base, { recursive: true, force: true }) };
}
