import { t, type MessageKey } from '../shared/i18n.ts';
import type { ProfileField } from '../shared/profile.ts';

const KEYS: Record<ProfileField, MessageKey> = {
  id: 'optionsFieldName',
  name: 'optionsFieldName',
  broker: 'optionsFieldBroker',
  apiBaseUrl: 'optionsFieldApiBaseUrl',
  appKey: 'optionsFieldAppKey',
  tokenLifetimeSec: 'optionsFieldLifetime',
  webAppOrigins: 'optionsFieldWebApps',
  staySignedIn: 'optionsFieldStaySignedIn',
  refreshMarginSec: 'optionsFieldRefreshMargin',
};

/** The label a field has in the form, to name it in messages about an imported file. */
export const fieldLabel = (field: ProfileField): string => t(KEYS[field]);

/** The form's element id for a field, so an error can move the focus to it. */
export const fieldId = (field: ProfileField): string => `profile-${field}`;
