import type { BridgeGrant } from '../../shared/bridge-items.ts';
import { sessionItems } from '../../shared/storage-items.ts';
import { readItem, writeItem } from '../../shared/storage.ts';
import { serially } from '../serial.ts';

/** "Allow for 1 hour". */
export const HOUR_GRANT_MS = 60 * 60_000;

const isCurrent = (grant: BridgeGrant, now: number) => grant.expiresAt === undefined || grant.expiresAt > now;

/** The grant that lets this program read this profile's token now, if any (an expired one does not). */
export async function findGrant(
  profileId: string,
  programKey: string,
  now: number,
): Promise<BridgeGrant | undefined> {
  const grants = await readItem(sessionItems.bridgeGrants);
  return grants.find(
    (grant) => grant.profileId === profileId && grant.programKey === programKey && isCurrent(grant, now),
  );
}

/** Records a grant, replacing any earlier one for the same profile and program; drops expired ones. */
export function addGrant(grant: BridgeGrant): Promise<void> {
  return serially(async () => {
    const grants = await readItem(sessionItems.bridgeGrants);
    const kept = grants.filter(
      (other) =>
        isCurrent(other, grant.grantedAt) &&
        !(other.profileId === grant.profileId && other.programKey === grant.programKey),
    );
    await writeItem(sessionItems.bridgeGrants, [...kept, grant]);
  });
}

export function revokeGrant(grantId: string): Promise<boolean> {
  return serially(async () => {
    const grants = await readItem(sessionItems.bridgeGrants);
    const kept = grants.filter((grant) => grant.id !== grantId);
    if (kept.length === grants.length) return false;
    await writeItem(sessionItems.bridgeGrants, kept);
    return true;
  });
}

/** Turning the bridge off takes every grant back: turning it on again asks again. */
export function clearGrants(): Promise<void> {
  return serially(() => writeItem(sessionItems.bridgeGrants, []));
}
