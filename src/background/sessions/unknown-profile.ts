import { t } from '../../shared/i18n.ts';
import { fail } from '../../shared/result.ts';

/** The answer to a request about a profile that was removed meanwhile (another tab, the policy). */
export const unknownProfile = () => fail('unknown-profile', t('workerErrorUnknownProfile'));
