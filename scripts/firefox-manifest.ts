/** The add-on's id in Firefox (and the key an administrator's policies.json uses). */
export const GECKO_ID = 'broker-sessions@brokersessions.dev';

/**
 * Firefox reads the same manifest with a few differences: an event page (`background.scripts`)
 * instead of a service worker, an add-on id and the first version with declarativeNetRequest
 * session rules and `tabIds` (128), and no offscreen document (its background page has a DOM
 * and can reach the clipboard itself).
 */
export function firefoxManifest(manifest: Record<string, unknown>): Record<string, unknown> {
  const { background, permissions, ...rest } = manifest as {
    background: { service_worker: string; type: string };
    permissions: string[];
  } & Record<string, unknown>;
  delete rest.minimum_chrome_version;
  return {
    ...rest,
    background: { scripts: [background.service_worker], type: 'module' },
    permissions: permissions.filter((permission) => permission !== 'offscreen'),
    browser_specific_settings: {
      // It sends nothing anywhere but to the broker the user signs in to.
      gecko: {
        id: GECKO_ID,
        strict_min_version: '128.0',
        data_collection_permissions: { required: ['none'] },
      },
    },
  };
}
