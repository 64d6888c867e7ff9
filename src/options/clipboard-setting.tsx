import { useEffect, useState } from 'preact/hooks';
import { say, t } from '../shared/i18n.ts';
import { callBackground } from '../shared/messaging.ts';

/**
 * How long a copied token stays on the clipboard; an administrator may fix it. `stored` is the
 * setting in force as storage holds it (undefined until read).
 */
export function ClipboardSetting({ lockedTo, stored }: { lockedTo?: number; stored?: number }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (stored !== undefined) setValue(String(stored));
  }, [stored, lockedTo]);

  const save = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    const seconds = value.trim() === '' ? Number.NaN : Number(value);
    const reply = await callBackground('saveSettings', { clipboardClearSec: seconds });
    if (!reply.ok) return setError(reply.error.message);
    if ('invalid' in reply.value) {
      const problem = reply.value.invalid.clipboardClearSec;
      return setError(problem && say(problem));
    }
    setError(undefined);
    setSaved(true);
  };

  const locked = lockedTo !== undefined;
  return (
    <section aria-labelledby="clipboard-heading">
      <h2 id="clipboard-heading">{t('optionsClipboardHeading')}</h2>
      <form class="inline-form" onSubmit={(event) => void save(event)} noValidate>
        <label for="clipboard-delay">{t('optionsClipboardDelay')}</label>
        <input
          id="clipboard-delay"
          type="number"
          inputMode="numeric"
          min={0}
          max={3600}
          value={value}
          disabled={locked}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? 'clipboard-error' : 'clipboard-hint'}
          onInput={(event) => setValue(event.currentTarget.value)}
        />
        {!locked && <button type="submit">{t('optionsClipboardSave')}</button>}
      </form>
      <p class="muted" id="clipboard-hint">
        {locked ? t('optionsClipboardLocked') : t('optionsClipboardHint')}
      </p>
      {error && (
        <p class="field-error" id="clipboard-error" role="alert">
          {error}
        </p>
      )}
      {saved && <p role="status">{t('optionsClipboardSaved')}</p>}
    </section>
  );
}
