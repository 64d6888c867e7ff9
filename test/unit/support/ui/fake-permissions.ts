/**
 * Host permissions for component tests (fake-browser has none): a set of granted origin patterns
 * that `contains` reads, `request` grants when the test says the user accepts, and whose changes
 * fire onAdded / onRemoved as the browser does.
 */
import { fakeBrowser } from '@webext-core/fake-browser';

type Listener = () => void;

export function installFakePermissions(granted: Set<string>, options: { userAccepts: boolean }) {
  const added = new Set<Listener>();
  const removed = new Set<Listener>();
  const event = (listeners: Set<Listener>) => ({
    addListener: (listener: Listener) => listeners.add(listener),
    removeListener: (listener: Listener) => listeners.delete(listener),
    hasListener: (listener: Listener) => listeners.has(listener),
  });
  const requests: string[][] = [];
  const permissions = {
    contains: ({ origins = [] }: { origins?: string[] }) =>
      Promise.resolve(origins.every((origin) => granted.has(origin))),
    request: ({ origins = [] }: { origins?: string[] }) => {
      requests.push(origins);
      if (!options.userAccepts) return Promise.resolve(false);
      origins.forEach((origin) => granted.add(origin));
      added.forEach((listener) => listener());
      return Promise.resolve(true);
    },
    onAdded: event(added),
    onRemoved: event(removed),
  };
  Object.assign(fakeBrowser, { permissions });
  return {
    requests,
    revoke(origin: string) {
      granted.delete(origin);
      removed.forEach((listener) => listener());
    },
  };
}
