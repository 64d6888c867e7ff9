import type { DeclarativeNetRequest } from '../../shared/browser.ts';
import { hash53 } from '../../shared/hash.ts';
import { sessionItems } from '../../shared/storage-items.ts';
import { readItems, removeItem, write, writeItems } from '../../shared/storage.ts';
import type { RuleSlots } from './plan.ts';

type Rule = DeclarativeNetRequest.Rule;

/** Rule id → print of the rule as we last applied it (see `rulePrints`). */
export type RulePrints = Map<number, string>;

/**
 * Kept in storage.session because the browser clears it together with the session rules (browser
 * restart, extension reload or update): reading it back costs ~2 ms at 1,000 rules where Chrome's
 * `getSessionRules` costs ~65 ms.
 */
/**
 * The slots the applied rules were built with (header-rules/slots.ts), in the same area for the same
 * reason. Not dropped before a change like the prints: the slots only decide which ids a rebuild
 * uses, never whether a rule is believed to be in force.
 */

/**
 * Short prints of rules as we built them: a 53-bit hash (shared/hash.ts) of each rule's JSON, in
 * which the action (the headers, i.e. the token: most of the bytes) is itself replaced by its hash,
 * worked out once per action object: the rules of one grant share theirs, so each token is hashed
 * once. Hashes, not the JSON itself: 1,000 rules carrying tokens are ~1 MB of JSON, ~11 ms to write
 * each time. A changed rule keeps its print with odds of about 2^-53. Only ever compared with
 * prints of rules we built (the browser hands rules back with their keys in another order: see
 * `sameRule`).
 */
export function rulePrints(rules: Rule[]): RulePrints {
  const actions = new Map<Rule['action'], string>();
  const actionPrint = (action: Rule['action']) => {
    let print = actions.get(action);
    if (print === undefined) actions.set(action, (print = hash53(JSON.stringify(action))));
    return print;
  };
  return new Map(
    rules.map((rule) => [rule.id, hash53(JSON.stringify({ ...rule, action: actionPrint(rule.action) }))]),
  );
}

/** Whether a rule read from the browser is the one we built (Chrome returns its keys sorted). */
export function sameRule(inBrowser: Rule, built: Rule): boolean {
  return sortedJson(inBrowser) === sortedJson(built);
}

/** The prints of what we applied last (none after a restart or a change cut short) and its slots. */
export async function readApplied(): Promise<{ prints?: RulePrints; slots?: Partial<RuleSlots> }> {
  const [prints, slots] = await readItems([sessionItems.appliedHeaderRules, sessionItems.headerRuleSlots]);
  return {
    prints: prints && new Map(Object.entries(prints).map(([id, print]) => [Number(id), print])),
    slots,
  };
}

/** One write, so the prints are never kept with the slots of other rules. */
export function writeApplied(prints: RulePrints, slots: RuleSlots): Promise<void> {
  return writeItems([
    write(sessionItems.appliedHeaderRules, Object.fromEntries(prints)),
    write(sessionItems.headerRuleSlots, slots),
  ]);
}

/** Called before the rules change: a worker stopped halfway then leaves no prints to trust. */
export function forgetAppliedPrints(): Promise<void> {
  return removeItem(sessionItems.appliedHeaderRules);
}

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${sortedJson(item)}`).join(',')}}`;
}
