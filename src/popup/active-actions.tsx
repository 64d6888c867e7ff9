import { t } from '../shared/i18n.ts';
import type { CopyFormat } from './copy-formats.ts';
import { useFocusOnMount } from '../shared/ui/use-focus-on-mount.ts';

interface Props {
  focusOnMount: boolean;
  onCopy: (format: CopyFormat) => void;
  onOpenApi: () => void;
  onSignOut: () => void;
}

/**
 * What an active session offers: its token in three forms, an API tab, and sign-out.
 * Never disabled: the session turns active while the sign-in request is still settling, and the
 * first button must be able to take the focus then.
 */
export function ActiveActions({ focusOnMount, onCopy, onOpenApi, onSignOut }: Props) {
  const first = useFocusOnMount<HTMLButtonElement>(focusOnMount);
  return (
    <div class="actions" role="group" aria-label={t('popupActions')}>
      <button type="button" ref={first} onClick={() => onCopy('token')}>
        {t('popupCopyToken')}
      </button>
      <button type="button" onClick={() => onCopy('header')}>
        {t('popupCopyHeader')}
      </button>
      <button type="button" onClick={() => onCopy('curl')}>
        {t('popupCopyCurl')}
      </button>
      <button type="button" class="primary" onClick={onOpenApi}>
        {t('popupOpenApi')}
      </button>
      <button type="button" onClick={onSignOut}>
        {t('popupSignOut')}
      </button>
    </div>
  );
}
