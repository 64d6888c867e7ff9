import * as v from 'valibot';
import type { ManagedPolicy } from './managed-policy.ts';
import { storageItem } from './storage-items.ts';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The worker wrote it from a parsed policy (managed-policy.ts): the shape is checked, not re-validated. */
const isCachedPolicy = (value: unknown): value is ManagedPolicy =>
  isObject(value) &&
  Array.isArray(value.profiles) &&
  value.profiles.every((profile: unknown) => isObject(profile) && typeof profile.id === 'string') &&
  typeof value.forbidStaySignedIn === 'boolean' &&
  typeof value.hideProfileEditing === 'boolean' &&
  (value.clipboardClearSec === undefined || typeof value.clipboardClearSec === 'number');

/**
 * storage.local: the administrator's policy as the worker last read it from storage.managed
 * (parsed, managed profiles with their ids). Pages and rendering use it; the worker refreshes it
 * at every wake-up and on every change of the policy (background/profiles/managed-policy.ts).
 * Undefined until the first read ever. TODO(storage-items): belongs in the registry's localItems.
 */
export const policyCacheItem = storageItem(
  'managedPolicy',
  'local',
  v.optional(v.custom<ManagedPolicy>(isCachedPolicy)),
  () => undefined,
);
