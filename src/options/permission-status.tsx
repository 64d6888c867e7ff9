import { useEffect, useState } from 'preact/hooks';
import { browser } from '../shared/browser.ts';
import { t, textLocale } from '../shared/i18n.ts';
import { listFormat } from '../shared/intl-format.ts';
import { requiredOrigins, type Profile } from '../shared/profile.ts';

/** The origins of `profile` the browser has not granted (re-checked whenever grants change). */
function useMissingOrigins(profile: Profile): string[] | undefined {
  const [missing, setMissing] = useState<string[]>();
  useEffect(() => {
    const check = async () => {
      const origins = requiredOrigins(profile);
      const granted = await Promise.all(
        origins.map((origin) => browser.permissions.contains({ origins: [origin] }).catch(() => false)),
      );
      setMissing(origins.filter((_origin, index) => !granted[index]));
    };
    void check();
    const recheck = () => void check();
    browser.permissions.onAdded.addListener(recheck);
    browser.permissions.onRemoved.addListener(recheck);
    return () => {
      browser.permissions.onAdded.removeListener(recheck);
      browser.permissions.onRemoved.removeListener(recheck);
    };
  }, [profile.apiBaseUrl, profile.webAppOrigins.join(' ')]);
  return missing;
}

/** Granted or missing host access for one profile, with the button that asks for what is missing. */
export function PermissionStatus({ profile }: { profile: Profile }) {
  const missing = useMissingOrigins(profile);
  const [refused, setRefused] = useState(false);
  if (!missing) return null;
  if (missing.length === 0) return <span class="access granted">✓ {t('optionsAccessGranted')}</span>;

  // Straight from the click: the browser shows its prompt only during a user gesture.
  const grant = async () => {
    const granted = await browser.permissions.request({ origins: missing }).catch(() => false);
    setRefused(!granted);
  };
  return (
    <span class="access missing">
      <span>⚠ {t('optionsAccessMissing', listFormat(textLocale())(missing))}</span>{' '}
      <button
        type="button"
        aria-label={t('optionsGrantAccessLabel', profile.name)}
        onClick={() => void grant()}
      >
        {t('optionsGrantAccess')}
      </button>
      {refused && <span role="alert"> {t('optionsAccessRefused')}</span>}
    </span>
  );
}
