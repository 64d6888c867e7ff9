import { useEffect, useState } from 'preact/hooks';
import { browser } from '../shared/browser.ts';
import { readBridgeView, onBridgeViewChanged, type BridgeView } from '../shared/bridge-views.ts';
import { t, uiLocale } from '../shared/i18n.ts';
import { callBackground } from '../shared/messaging.ts';
import type { MessageKey } from '../shared/text.ts';

const STATUS_TEXT: Record<BridgeView['status']['state'], MessageKey | undefined> = {
  off: undefined,
  connecting: 'optionsBridgeStatusConnecting',
  connected: 'optionsBridgeStatusConnected',
  'host-missing': 'optionsBridgeStatusHostMissing',
  'host-exited': 'optionsBridgeStatusHostExited',
};

/** The command that registers the bridge's host for this very extension (its id, this browser). */
export function installCommand(): string {
  return import.meta.env.BROWSER === 'firefox'
    ? 'broker-sessions install --browser firefox'
    : `broker-sessions install --extension-id ${browser.runtime.id}`;
}

/**
 * "Let local programs use my sessions": the token bridge's switch, its state, the command that
 * registers its helper, and the programs allowed, each revocable. The nativeMessaging permission
 * is asked for here, from the click (the browser prompts only during a user gesture), so no one
 * who leaves the bridge off ever sees its install warning.
 */
export function TokenBridgeSection() {
  const [view, setView] = useState<BridgeView>();
  const [problem, setProblem] = useState<string>();
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    const load = () => void readBridgeView(Date.now()).then(setView);
    load();
    // An hour's grant leaves the list when it ends, without a storage change to say so.
    const timer = setInterval(load, 30_000);
    const unsubscribe = onBridgeViewChanged(load);
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, []);

  if (!view) return null;
  const forbidden = view.policy.forbidTokenBridge === true;

  const toggle = async (enabled: boolean) => {
    setProblem(undefined);
    if (enabled) {
      const granted = await browser.permissions
        .request({ permissions: ['nativeMessaging'] })
        .catch(() => false);
      if (!granted) return setProblem(t('optionsBridgePermissionRefused'));
    }
    const reply = await callBackground('setTokenBridge', { enabled });
    if (!reply.ok) return setProblem(reply.error.message);
    // Off gives the permission back: the browser then lists it as not granted.
    if (!enabled) await browser.permissions.remove({ permissions: ['nativeMessaging'] }).catch(() => false);
  };

  const copy = async () => {
    await navigator.clipboard.writeText(installCommand()).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  const revoke = async (grantId: string) => {
    const reply = await callBackground('revokeBridgeGrant', { grantId });
    if (!reply.ok) setProblem(reply.error.message);
  };

  const status = view.enabled ? STATUS_TEXT[view.status.state] : undefined;
  const time = new Intl.DateTimeFormat(uiLocale(), { timeStyle: 'short' });
  return (
    <section aria-labelledby="bridge-heading" data-bridge-state={view.enabled ? view.status.state : 'off'}>
      <h2 id="bridge-heading">{t('optionsBridgeHeading')}</h2>
      <label class="checkbox">
        <input
          type="checkbox"
          checked={view.enabled}
          disabled={forbidden}
          aria-describedby="bridge-hint"
          onChange={(event) => void toggle(event.currentTarget.checked)}
        />
        {t('optionsBridgeToggle')}
      </label>
      <p class="muted" id="bridge-hint">
        {forbidden ? t('optionsBridgeForbidden') : t('optionsBridgeHint')}
      </p>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      {status && <p role="status">{t(status)}</p>}
      {!forbidden && (
        <>
          <p>{t('optionsBridgeInstall')}</p>
          <p class="inline-form bridge-command">
            <code data-testid="bridge-install-command">{installCommand()}</code>
            <button type="button" onClick={() => void copy()}>
              {t('optionsBridgeCopyCommand')}
            </button>
          </p>
          {copied && <p role="status">{t('optionsBridgeCommandCopied')}</p>}
        </>
      )}
      {view.enabled && (
        <>
          <h3 id="bridge-grants-heading">{t('optionsBridgeGrantsHeading')}</h3>
          {view.grants.length === 0 ? (
            <p class="muted">{t('optionsBridgeNoGrants')}</p>
          ) : (
            <ul class="profile-list" aria-labelledby="bridge-grants-heading">
              {view.grants.map((grant) => {
                const program = grant.program.parent ?? grant.program.command;
                return (
                  <li key={grant.id} data-grant-profile={grant.profileId}>
                    <span class="bridge-grant-program">
                      <strong>{program}</strong>
                      <br />
                      {grant.expiresAt === undefined
                        ? t('optionsBridgeGrantBrowserSession', grant.profileName)
                        : t('optionsBridgeGrantUntil', grant.profileName, time.format(grant.expiresAt))}
                    </span>
                    <button
                      type="button"
                      aria-label={t('optionsBridgeRevokeLabel', program, grant.profileName)}
                      onClick={() => void revoke(grant.id)}
                    >
                      {t('optionsBridgeRevoke')}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
