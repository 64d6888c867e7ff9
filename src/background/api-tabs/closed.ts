import { propagateChange } from '../propagate.ts';
import { forgetApiTab } from './store.ts';

/**
 * A closed tab: if it was an API tab, its rules go. Any other tab (nearly every one the user
 * closes) leaves the rules, alarms, badge and pages alone.
 */
export async function forgetClosedTab(tabId: number): Promise<void> {
  if (await forgetApiTab(tabId)) await propagateChange();
}
