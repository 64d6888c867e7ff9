/**
 * Which slot (block of rule ids) each grant's rules use: the key is a profile id for web-app
 * rules and a tab id for API-tab rules.
 *
 * Why slots at all: with ids taken from positions in profile order, one sign-in or sign-out in the
 * middle of the list moved every later profile's rules, and Chrome's `updateSessionRules` costs
 * with the number of rules it touches (~20 ms for two rules, ~75 ms for all 1,000 at 500 profiles).
 *
 * The scheme: a grant keeps the slot it was given for as long as it stays in force; a new grant
 * takes the lowest free slot; a grant that ends frees its slot. The table lives next to the prints
 * in storage.session (header-rules/applied.ts), which the browser clears together with the session
 * rules, so every wake-up of the worker reads the same slots back and a browser restart starts
 * afresh. Not kept in the profile records: administrators' profiles (storage.managed) cannot hold
 * one, and API tabs have no record. Not a hash of the profile id: collisions would need probing,
 * and a probe chain moves a neighbour's rules.
 *
 * Safety does not rest on the table: whatever it holds (stale, cut short, corrupt), `assignSlots`
 * gives every wanted key a distinct slot inside the capacity or none, and the rebuild removes every
 * id of ours that is not wanted, so a wrong table costs a larger update, never a token in the wrong
 * place or left behind.
 */

/** Slot by key (profile id or tab id) for one kind of rule. */
export type SlotTable = Record<string, number>;

/**
 * Gives each wanted key (in the order given, which decides who gets the lower free slots) a slot
 * below `capacity`: its held slot if that is valid and not already given, otherwise the lowest free
 * one. Keys beyond the capacity get none; their grants get no rules (the token is not attached,
 * which is safe, rather than the whole update refused by the browser's rule limit).
 */
export function assignSlots(wanted: string[], held: SlotTable | undefined, capacity: number): SlotTable {
  // No prototype: a key such as `__proto__` or `toString` is a key like any other.
  const slots: SlotTable = Object.create(null) as SlotTable;
  const taken = new Set<number>();
  const newcomers: string[] = [];
  for (const key of wanted) {
    const slot = held && Object.hasOwn(held, key) ? held[key] : undefined;
    if (Number.isInteger(slot) && slot! >= 0 && slot! < capacity && !taken.has(slot!)) {
      slots[key] = slot!;
      taken.add(slot!);
    } else newcomers.push(key);
  }
  let free = 0;
  for (const key of newcomers) {
    while (taken.has(free)) free += 1;
    if (free >= capacity) break;
    slots[key] = free;
    taken.add(free);
  }
  return slots;
}
