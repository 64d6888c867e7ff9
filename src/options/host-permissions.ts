import { browser } from '../shared/browser.ts';
import { requiredOrigins, type ProfileDraft } from '../shared/profile.ts';

/**
 * Asks for exactly the origins a profile needs. Must be called straight from the click: the
 * browser only shows the prompt during a user gesture.
 */
export async function requestProfileOrigins(profile: ProfileDraft): Promise<boolean> {
  try {
    return await browser.permissions.request({ origins: requiredOrigins(profile) });
  } catch {
    return false;
  }
}
