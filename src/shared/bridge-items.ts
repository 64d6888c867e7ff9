/**
 * The shapes of the token bridge's stored state (registered in storage-items.ts): grants, the
 * consent questions waiting for an answer, and the native port's status.
 */
import * as v from 'valibot';

const epochMs = v.number();

/** What a program reported of itself (bridge-protocol.ts ProgramInfo), as shown to the user. */
const programSchema = v.object({ command: v.string(), parent: v.optional(v.string()) });

export const bridgeGrantSchema = v.object({
  id: v.string(),
  profileId: v.string(),
  /** Who the grant is for: the program's parent command line, or its own when it has none. */
  programKey: v.string(),
  program: programSchema,
  grantedAt: epochMs,
  /** Epoch ms; absent: until the browser closes (storage.session ends with it). */
  expiresAt: v.optional(epochMs),
});
/** A local program's leave to read a profile's token through the bridge (background/bridge/). */
export type BridgeGrant = v.InferOutput<typeof bridgeGrantSchema>;

export const bridgeConsentSchema = v.object({
  id: v.string(),
  profileId: v.string(),
  programKey: v.string(),
  program: programSchema,
  askedAt: epochMs,
  /** When it is answered Deny if no one answers (epoch ms). */
  expiresAt: epochMs,
  windowId: v.optional(v.number()),
});
/** A question the consent window puts to the user. */
export type BridgeConsent = v.InferOutput<typeof bridgeConsentSchema>;

export const bridgeStatusSchema = v.object({
  state: v.picklist(['off', 'connecting', 'connected', 'host-missing', 'host-exited']),
  at: epochMs,
});
/** The native port as the worker last saw it, for the options page. */
export type BridgeStatus = v.InferOutput<typeof bridgeStatusSchema>;
