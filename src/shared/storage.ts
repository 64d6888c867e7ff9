/**
 * How a declared storage item (storage-items.ts) is read and written: a value is checked against
 * its shape on the way in, and a value of an older shape is migrated or dropped, never cast.
 *
 * On storage a value sits in an envelope with its version (`{ storageVersion, value }`). A value
 * without one was written before versions were kept: it counts as version 0, and is kept only if
 * it has the shape of today.
 */
import * as v from 'valibot';
import { browser } from './browser.ts';

export type StorageArea = 'session' | 'local';

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export interface StorageItem<T> {
  readonly key: string;
  readonly area: StorageArea;
  /** Raised whenever the stored shape changes, with a step in `migrate` from the one before. */
  readonly version: number;
  readonly schema: v.GenericSchema<unknown, T>;
  readonly fallback: () => T;
  /**
   * Turns a value stored by an older `version` into input for `schema`; undefined drops it.
   * By default an older value is kept only if it already has today's shape.
   */
  readonly migrate?: (value: unknown, version: number) => unknown;
}

interface Envelope {
  storageVersion: number;
  value: unknown;
}

const isEnvelope = (raw: unknown): raw is Envelope =>
  typeof raw === 'object' &&
  raw !== null &&
  typeof (raw as Envelope).storageVersion === 'number' &&
  Object.keys(raw).length === 2 &&
  'value' in raw;

/** What `raw` (as read from storage, or a change's `newValue`) holds for `item`. */
export function decodeItem<T>(item: StorageItem<T>, raw: unknown): T {
  if (raw === undefined) return item.fallback();
  const version = isEnvelope(raw) ? raw.storageVersion : 0;
  // A newer version's value (the extension was downgraded) is not guessed at.
  if (version > item.version) return item.fallback();
  let value = isEnvelope(raw) ? raw.value : raw;
  if (version < item.version && item.migrate) value = item.migrate(value, version);
  if (value === undefined) return item.fallback();
  const parsed = v.safeParse(item.schema, value);
  if (parsed.success) return parsed.output;
  // The key only: a value may hold a username or a token.
  console.warn(`Broker Sessions: a stored "${item.key}" of another shape was dropped`);
  return item.fallback();
}

/** The one place a value is put in its version envelope. */
const encodeItem = (item: StorageItem<never>, value: unknown): Envelope => ({
  storageVersion: item.version,
  value,
});

const areaOf = (area: StorageArea) => (area === 'session' ? browser.storage.session : browser.storage.local);

function byArea<I extends { area: StorageArea }>(items: I[]): Map<StorageArea, I[]> {
  const groups = new Map<StorageArea, I[]>();
  for (const item of items) groups.set(item.area, [...(groups.get(item.area) ?? []), item]);
  return groups;
}

export async function readItem<T>(item: StorageItem<T>): Promise<T> {
  const stored = await areaOf(item.area).get(item.key);
  return decodeItem(item, stored[item.key]);
}

type Values<I extends readonly StorageItem<unknown>[]> = {
  -readonly [K in keyof I]: I[K] extends StorageItem<infer T> ? T : never;
};

/** Several items in one read per area; the values in the order of `items`. */
export async function readItems<const I extends readonly StorageItem<unknown>[]>(
  items: I,
): Promise<Values<I>> {
  const raw = new Map<string, unknown>();
  await Promise.all(
    [...byArea([...items])].map(async ([area, group]) => {
      const stored = await areaOf(area).get(group.map((item) => item.key));
      for (const item of group) raw.set(`${area}:${item.key}`, stored[item.key]);
    }),
  );
  return items.map((item) => decodeItem(item, raw.get(`${item.area}:${item.key}`))) as Values<I>;
}

/** A value for each item; one write per area, so what is written together is seen together. */
export type ItemWrite = readonly [StorageItem<never>, unknown];
export const write = <T>(item: StorageItem<T>, value: T): ItemWrite => [item as StorageItem<never>, value];

export async function writeItems(writes: ItemWrite[]): Promise<void> {
  const groups = new Map<StorageArea, Record<string, Envelope>>();
  for (const [item, value] of writes) {
    const group = groups.get(item.area) ?? {};
    group[item.key] = encodeItem(item, value);
    groups.set(item.area, group);
  }
  await Promise.all([...groups].map(([area, values]) => areaOf(area).set(values)));
}

export const writeItem = <T>(item: StorageItem<T>, value: T) => writeItems([write(item, value)]);

export async function removeItems(items: StorageItem<unknown>[]): Promise<void> {
  await Promise.all(
    [...byArea(items)].map(([area, group]) => areaOf(area).remove(group.map((item) => item.key))),
  );
}

export const removeItem = (item: StorageItem<unknown>) => removeItems([item]);

export function storageItem<T>(
  key: string,
  area: StorageArea,
  schema: v.GenericSchema<unknown, T>,
  fallback: () => NoInfer<T>,
  options: { version?: number; migrate?: StorageItem<T>['migrate'] } = {},
): StorageItem<T> {
  return { key, area, schema, fallback, version: options.version ?? 1, migrate: options.migrate };
}

/** Items of one kind, one per profile: `<prefix><profileId>`. */
export interface ItemFamily<T> {
  readonly prefix: string;
  readonly area: StorageArea;
  of(profileId: string): StorageItem<T>;
}

export function family<T>(
  prefix: string,
  area: StorageArea,
  schema: v.GenericSchema<unknown, T>,
  fallback: () => NoInfer<T>,
): ItemFamily<T> {
  return { prefix, area, of: (profileId) => storageItem(`${prefix}${profileId}`, area, schema, fallback) };
}

/** The profiles that have an item of `items` on storage (one read of the whole area). */
export async function profilesWith(items: ItemFamily<unknown>): Promise<string[]> {
  const stored = await areaOf(items.area).get(null);
  return Object.keys(stored)
    .filter((key) => key.startsWith(items.prefix))
    .map((key) => key.slice(items.prefix.length));
}

/** A record of values of which only the valid ones are kept (one bad entry does not drop the rest). */
export function validEntries<T>(
  entry: v.GenericSchema<unknown, T>,
): v.GenericSchema<unknown, Record<string, T>> {
  return v.pipe(
    v.custom<Record<string, unknown>>(isObject),
    v.transform((entries) => {
      const kept: Record<string, T> = {};
      for (const [name, value] of Object.entries(entries)) {
        const parsed = v.safeParse(entry, value);
        if (parsed.success) kept[name] = parsed.output;
      }
      return kept;
    }),
  );
}
