import { browser, type DeclarativeNetRequest } from '../../shared/browser.ts';

type Rule = DeclarativeNetRequest.Rule;

/**
 * The last resort of a rule rebuild, when the browser refuses a change made from its own rules:
 * Chrome refuses a whole `updateSessionRules` call when one rule is bad (an invalid header value,
 * such as a token with CR/LF), so one bad grant would otherwise keep every other change out too,
 * a signed-out profile's token included. Here the rules that are to go or change are removed in a
 * call of their own (removing cannot be refused for a value), then each grant's new rules are
 * added by themselves, and a grant the browser refuses is left without rules (its token is not
 * attached: safe) and counted, never named or shown.
 *
 * Rules that stay as they are stay in force throughout: unlike a removal of all of ours, no other
 * profile goes without its header for a moment.
 *
 * Returns the rules of `wanted` in force afterwards.
 */
export async function applyGrantByGrant(
  change: { removeRuleIds: number[]; addRules: Rule[] },
  wanted: Rule[],
): Promise<Rule[]> {
  if (change.removeRuleIds.length > 0)
    await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: change.removeRuleIds });
  const refusedIds = new Set<number>();
  let refused = 0;
  for (const rules of byHeaders(change.addRules)) {
    try {
      await browser.declarativeNetRequest.updateSessionRules({ addRules: rules });
    } catch {
      refused += 1;
      for (const rule of rules) refusedIds.add(rule.id);
    }
  }
  // Counts only, like the rule-limit warning: the refused values are tokens.
  if (refused > 0)
    console.warn(`Broker Sessions: ${refused} sessions get no header rules (refused by the browser).`);
  return wanted.filter((rule) => !refusedIds.has(rule.id));
}

/**
 * The rules grouped by the headers they set: one group per session (its API tabs and its web-app
 * rules carry the same token), which is what the browser accepts or refuses as a whole.
 */
function byHeaders(rules: Rule[]): Rule[][] {
  const groups = new Map<string, Rule[]>();
  for (const rule of rules) {
    const key = JSON.stringify(rule.action.requestHeaders ?? []);
    groups.set(key, [...(groups.get(key) ?? []), rule]);
  }
  return [...groups.values()];
}
