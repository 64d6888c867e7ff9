import { browser } from '../../shared/browser.ts';
import { NO_POLICY, parseManagedPolicy, type ManagedPolicy } from '../../shared/managed-policy.ts';

/**
 * The administrator's policy, read fresh each time (the browser caches it; it changes at any
 * moment an administrator pushes a new one). No policy at all is the common case: Chrome answers
 * {}, Firefox rejects when policies.json names nothing for us.
 */
export async function readManagedPolicy(): Promise<ManagedPolicy> {
  let raw: unknown;
  try {
    raw = await browser.storage.managed.get();
  } catch {
    return NO_POLICY;
  }
  const { policy, problems } = parseManagedPolicy(raw);
  // Names fields only, never values: a policy may hold an app key.
  if (problems.length > 0)
    console.warn('Broker Sessions: parts of the managed policy were ignored:', problems);
  return policy;
}
