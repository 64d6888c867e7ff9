import { brokers } from '../../brokers/index.ts';
import { browser, type DeclarativeNetRequest } from '../../shared/browser.ts';
import { readApiTabs } from '../api-tabs/store.ts';
import {
  forgetAppliedPrints,
  readApplied,
  rulePrints,
  sameRule,
  writeApplied,
  type RulePrints,
} from './applied.ts';
import type { RequestHeader } from '../../brokers/types.ts';
import { isOurRuleId, planRules, type ApiTabGrant, type WebAppGrant } from './plan.ts';
import { readProfiles } from '../profiles/store.ts';
import { applyGrantByGrant } from './per-grant.ts';
import { usableTokens } from '../../shared/sessions/record.ts';
import { readSessions } from '../sessions/store.ts';
import { serially } from '../serial.ts';

type Rule = DeclarativeNetRequest.Rule;

/** The grants that storage says should be in force right now. */
async function currentGrants(now: number): Promise<{ apiTabs: ApiTabGrant[]; webApps: WebAppGrant[] }> {
  const [profiles, sessions, apiTabs] = await Promise.all([readProfiles(), readSessions(), readApiTabs()]);
  const headersOf = new Map<string, RequestHeader[]>();
  for (const profile of profiles) {
    const tokens = usableTokens(sessions[profile.id], now);
    if (tokens) headersOf.set(profile.id, brokers[profile.broker].requestHeaders(profile, tokens));
  }
  const grants = { apiTabs: [] as ApiTabGrant[], webApps: [] as WebAppGrant[] };
  for (const [tabId, profileId] of Object.entries(apiTabs)) {
    const profile = profiles.find((candidate) => candidate.id === profileId);
    const headers = headersOf.get(profileId);
    if (profile && headers)
      grants.apiTabs.push({ tabId: Number(tabId), apiBaseUrl: profile.apiBaseUrl, headers });
  }
  for (const profile of profiles) {
    const headers = headersOf.get(profile.id);
    if (headers && profile.webAppOrigins.length > 0)
      grants.webApps.push({
        profileId: profile.id,
        apiBaseUrl: profile.apiBaseUrl,
        webAppOrigins: profile.webAppOrigins,
        headers,
      });
  }
  return grants;
}

/**
 * Rebuilds our session rules from storage and applies the difference in one
 * `updateSessionRules` call, so a token swap never leaves a moment without a rule. Idempotent:
 * every wake-up and every session change calls it.
 */
export function syncHeaderRules(): Promise<void> {
  return serially(async () => {
    // Timed for the benchmarks (bench/scale.ts); only the latest measure is kept.
    const started = performance.now();
    await rebuildRules();
    performance.clearMeasures(RULES_SYNC_MEASURE);
    performance.measure(RULES_SYNC_MEASURE, { start: started });
  });
}

/** The name under which the worker's last rule rebuild is timed. */
export const RULES_SYNC_MEASURE = 'broker-sessions:rules-sync';

/**
 * Whether the next rebuild must first match the prints against the browser. A global on purpose:
 * it is set again at every start of the worker, which is when the browser may have dropped the
 * rules; the wake-up asks for it too (`checkHeaderRulesAtNextSync`).
 */
let checkDue = true;

/** Makes the next rebuild check the browser's rules before trusting the prints. */
export function checkHeaderRulesAtNextSync(): void {
  checkDue = true;
}

/**
 * The diff is taken against the prints of what we applied last (storage.session), not against
 * `getSessionRules`, which costs ~65 ms at 1,000 rules. The browser's own rules are read instead
 * when the prints are missing (browser restart, or a worker stopped in the middle of a change),
 * when the browser refuses a change made from them, and when the check made at the worker's start
 * and at every wake-up finds them wrong.
 */
async function rebuildRules(): Promise<void> {
  const mustCheck = checkDue;
  checkDue = false;
  try {
    await rebuildFromPrints(mustCheck);
  } catch (error) {
    checkDue = true;
    throw error;
  }
}

async function rebuildFromPrints(mustCheck: boolean): Promise<void> {
  const [{ apiTabs, webApps }, { prints: applied, slots: held }] = await Promise.all([
    currentGrants(Date.now()),
    readApplied(),
  ]);
  const { rules: wanted, slots, unplaced } = planRules(apiTabs, webApps, held);
  // Counts only: more grants than the rule limit allows; those get no header (safe, not silent).
  if (unplaced > 0) console.warn(`Broker Sessions: ${unplaced} sessions get no header rules (rule limit).`);
  const prints = rulePrints(wanted);
  const keep = () => writeApplied(prints, slots);
  const slotsMoved = JSON.stringify(slots) !== JSON.stringify(held);
  if (applied && (!mustCheck || (await stillInForce(applied, wanted, prints)))) {
    try {
      const change = ruleChange(
        applied.keys(),
        wanted,
        (rule) => applied.get(rule.id) === prints.get(rule.id),
      );
      await applyChange(change, keep, { rewrite: slotsMoved });
      return;
    } catch {
      // The browser disagrees with the prints (e.g. "duplicate id"): rebuild from what it holds.
    }
  }
  const inForce = await rulesInForce();
  const change = ruleChange(inForce.keys(), wanted, (rule) => {
    const held = inForce.get(rule.id);
    return held !== undefined && sameRule(held, rule);
  });
  await applyChange(change, keep, { rewrite: true }).catch(async () => {
    await writeApplied(rulePrints(await applyGrantByGrant(change, wanted)), slots);
  });
}

/**
 * The wake-up check. What can part the prints from the rules is the browser dropping the
 * session rules as a whole while storage.session stays (neither is ever written by anyone else,
 * and a change cut short leaves no prints at all), so the first and the last of our rules that
 * are to stay as they are, are read back (~8 ms) rather than all of them (~65 ms at 1,000 rules).
 * Any doubt sends the rebuild to the full read; with no rules applied, that is as cheap.
 */
async function stillInForce(applied: RulePrints, wanted: Rule[], prints: RulePrints): Promise<boolean> {
  const unchanged = wanted.filter((rule) => applied.get(rule.id) === prints.get(rule.id));
  if (unchanged.length === 0) return false;
  const sample = [...new Set([unchanged[0]!, unchanged.at(-1)!])];
  const ids = sample.map((rule) => rule.id);
  // Matched by id again here: a browser that ignores the filter returns every rule, and one that
  // refuses it gets the full read.
  const read = await browser.declarativeNetRequest.getSessionRules({ ruleIds: ids }).catch(() => undefined);
  if (!read) return false;
  const held = new Map(read.map((rule) => [rule.id, rule]));
  return sample.every((rule) => {
    const inBrowser = held.get(rule.id);
    return inBrowser !== undefined && sameRule(inBrowser, rule);
  });
}

/** Our rules as the browser holds them (rules outside our id ranges are not ours to touch). */
async function rulesInForce(): Promise<Map<number, Rule>> {
  const rules = await browser.declarativeNetRequest.getSessionRules();
  return new Map(rules.filter((rule) => isOurRuleId(rule.id)).map((rule) => [rule.id, rule]));
}

/** `keep` writes the prints and slots of the wanted rules: after a change, or when told to rewrite them. */
async function applyChange(
  change: RuleChange,
  keep: () => Promise<void>,
  { rewrite = false } = {},
): Promise<void> {
  if (change.removeRuleIds.length === 0 && change.addRules.length === 0) {
    if (rewrite) await keep();
    return;
  }
  await forgetAppliedPrints();
  await browser.declarativeNetRequest.updateSessionRules(change);
  await keep();
}

interface RuleChange {
  removeRuleIds: number[];
  addRules: Rule[];
}

/**
 * Only the rules that differ are replaced (a refresh swaps one profile's rules, not all of
 * them), still in one call, so the swap is atomic.
 */
function ruleChange(
  currentIds: Iterable<number>,
  wanted: Rule[],
  isCurrent: (rule: Rule) => boolean,
): RuleChange {
  const wantedIds = new Set(wanted.map((rule) => rule.id));
  const addRules = wanted.filter((rule) => !isCurrent(rule));
  const current = new Set(currentIds);
  const removeRuleIds = [
    ...[...current].filter((id) => !wantedIds.has(id)),
    ...addRules.filter((rule) => current.has(rule.id)).map((rule) => rule.id),
  ];
  return { removeRuleIds, addRules };
}
