import type { BridgeRequest, HostToExtension } from '../../shared/bridge-protocol.ts';
import { readProgram } from './program.ts';

/** A request whose shape is wrong is answered `invalid`, not dropped: the program hears why. */
export type HostMessage =
  Exclude<HostToExtension, { kind: 'request' }> | { kind: 'request'; id: string; request?: BridgeRequest };

/** The host's message, checked: the host is ours, but what it relays comes from any local program. */
export function readHostMessage(message: unknown): HostMessage | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { kind, id, request } = message as Partial<Record<string, unknown>>;
  if (kind === 'ready') return { kind };
  if (typeof id !== 'string' || id.length > 100) return undefined;
  if (kind === 'cancel') return { kind, id };
  if (kind !== 'request') return undefined;
  return { kind, id, request: readRequest(request) };
}

export function readRequest(value: unknown): BridgeRequest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { type, profile, program, staleTokenPrint } = value as Record<string, unknown>;
  if (type === 'list') return { type };
  if (type !== 'headers' || typeof profile !== 'string' || profile === '' || profile.length > 200)
    return undefined;
  const info = readProgram(program);
  if (!info) return undefined;
  if (
    staleTokenPrint !== undefined &&
    (typeof staleTokenPrint !== 'string' || !/^[0-9a-f]{32}$/.test(staleTokenPrint))
  )
    return undefined;
  return { type, profile, program: info, ...(staleTokenPrint !== undefined && { staleTokenPrint }) };
}
