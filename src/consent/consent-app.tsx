import { useEffect, useState } from 'preact/hooks';
import { browser } from '../shared/browser.ts';
import { t } from '../shared/i18n.ts';
import { callBackground } from '../shared/messaging.ts';
import type { Profile } from '../shared/profile.ts';
import { readConsentView } from '../shared/bridge-views.ts';
import type { BridgeConsent } from '../shared/bridge-items.ts';

type Answer = 'hour' | 'browser-session' | 'deny';
type View =
  { state: 'loading' } | { state: 'gone' } | { state: 'asking'; consent: BridgeConsent; profile: Profile };

/**
 * The consent window (background/bridge/consent.ts opens it): which profile, which program, and
 * three answers. Closing the window is Deny. Rendered from storage; the answer goes to the worker.
 */
export function ConsentApp({ consentId }: { consentId: string }) {
  const [view, setView] = useState<View>({ state: 'loading' });
  const [sending, setSending] = useState(false);

  useEffect(() => {
    const load = async () => {
      const found = await readConsentView(consentId);
      setView(found ? { state: 'asking', ...found } : { state: 'gone' });
    };
    void load();
    const onChanged = () => void load();
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, [consentId]);

  const answer = async (choice: Answer) => {
    setSending(true);
    await callBackground('answerBridgeConsent', { consentId, answer: choice });
    window.close();
  };

  if (view.state === 'loading') return <p data-state="loading">{t('popupLoading')}</p>;
  if (view.state === 'gone')
    return (
      <p role="status" data-state="gone">
        {t('consentGone')}
      </p>
    );
  const { consent, profile } = view;
  return (
    <section data-state="asking" aria-labelledby="consent-title">
      <h1 id="consent-title">{t('consentTitle')}</h1>
      <p class="consent-question">{t('consentQuestion', profile.name, profile.apiBaseUrl)}</p>
      <dl class="consent-program">
        <dt>{t('consentProgram')}</dt>
        <dd data-testid="consent-command">{consent.program.command}</dd>
        {consent.program.parent && (
          <>
            <dt>{t('consentParent')}</dt>
            <dd data-testid="consent-parent">{consent.program.parent}</dd>
          </>
        )}
      </dl>
      <p class="consent-note">{t('consentWhatItGets')}</p>
      <p class="consent-note">{t('consentUnverified')}</p>
      <div class="consent-actions">
        <button type="button" disabled={sending} onClick={() => void answer('hour')}>
          {t('consentAllowHour')}
        </button>
        <button type="button" disabled={sending} onClick={() => void answer('browser-session')}>
          {t('consentAllowSession')}
        </button>
        <button type="button" disabled={sending} onClick={() => void answer('deny')}>
          {t('consentDeny')}
        </button>
      </div>
    </section>
  );
}
