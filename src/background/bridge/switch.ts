import { browser } from '../../shared/browser.ts';
import { t } from '../../shared/i18n.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { localItems } from '../../shared/storage-items.ts';
import { writeItem } from '../../shared/storage.ts';
import { readFreshManagedPolicy } from '../profiles/managed-policy.ts';
import { syncBridge } from './port.ts';

/** The options page's switch: "Let local programs use my sessions". */
export async function setTokenBridge(enabled: boolean): Promise<Result<{ enabled: boolean }>> {
  if (enabled) {
    // Turning on is what a policy could forbid: it waits for the policy as it is now.
    if ((await readFreshManagedPolicy()).forbidTokenBridge)
      return fail('managed', t('optionsBridgeForbidden'));
    const permitted = await browser.permissions
      .contains({ permissions: ['nativeMessaging'] })
      .catch(() => false);
    if (!permitted) return fail('no-permission', t('optionsBridgePermissionRefused'));
  }
  await writeItem(localItems.tokenBridge, { enabled });
  await syncBridge();
  return ok({ enabled });
}
