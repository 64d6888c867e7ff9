/**
 * A live session's "Details": when it signed in and renews (or ends), how many requests carried
 * its token in the last hour and the last one the broker refused, and the token's header and
 * claims when it is a JWT. It shows only what the worker's view holds: never the token (it goes
 * only through Copy) nor its signature. A native <details> gives keyboard and screen-reader
 * behaviour; its open state lives here, so the re-renders after the worker's change notices (up
 * to once a second) update the facts without folding it.
 */
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { t, uiLocale } from '../shared/i18n.ts';
import type { JsonValue, SessionDetails } from '../shared/protocol.ts';
import { countFormat, isDateMs, refusalText, showClaims, timeFormat } from './session-details-format.ts';

type FormatTime = (ms: number) => string;

function Time({ at, format }: { at: number; format: FormatTime }) {
  return <time dateTime={isDateMs(at) ? new Date(at).toISOString() : undefined}>{format(at)}</time>;
}

function Fact({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Claims({
  title,
  claims,
  format,
}: {
  title: string;
  claims: Record<string, JsonValue>;
  format: FormatTime;
}) {
  return (
    <>
      <h4>{title}</h4>
      <dl class="facts claims">
        {showClaims(claims).map((claim) => (
          <Fact key={claim.key} term={claim.key}>
            {'at' in claim ? (
              <>
                <Time at={claim.at} format={format} />
                <span class="raw">{claim.raw}</span>
              </>
            ) : (
              claim.text
            )}
          </Fact>
        ))}
      </dl>
    </>
  );
}

export function SessionDetailsView({ details }: { details: SessionDetails }) {
  const [open, setOpen] = useState(false);
  const [formatTime, formatCount] = useMemo(() => {
    const locale = uiLocale();
    return [timeFormat(locale), countFormat(locale)] as const;
  }, []);
  const { signedInAt, lastRenewalAt, nextRenewalAt, endsAt, lastRefusal, jwt } = details;
  return (
    <details class="session-details" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{t('popupDetails')}</summary>
      <dl class="facts">
        <Fact term={t('popupDetailsSignedIn')}>
          {signedInAt === undefined ? t('popupDetailsUnknown') : <Time at={signedInAt} format={formatTime} />}
        </Fact>
        <Fact term={t('popupDetailsLastRenewal')}>
          {lastRenewalAt === undefined ? (
            t('popupDetailsNoRenewalYet')
          ) : (
            <Time at={lastRenewalAt} format={formatTime} />
          )}
        </Fact>
        {nextRenewalAt === undefined ? (
          <Fact term={t('popupDetailsEnds')}>
            <Time at={endsAt} format={formatTime} />
          </Fact>
        ) : (
          <Fact term={t('popupDetailsNextRenewal')}>
            <Time at={nextRenewalAt} format={formatTime} />
          </Fact>
        )}
        <Fact term={t('popupDetailsRequestsLastHour')}>{formatCount(details.requestsLastHour)}</Fact>
        <Fact term={t('popupDetailsLastRefusal')}>
          {lastRefusal ? refusalText(lastRefusal, formatTime) : t('popupDetailsNoRefusal')}
        </Fact>
      </dl>
      {jwt && (
        <div class="jwt">
          <h3>{t('popupDetailsTokenClaims')}</h3>
          <p class="muted">{t('popupDetailsJwtNote')}</p>
          <Claims title={t('popupDetailsJwtHeader')} claims={jwt.header} format={formatTime} />
          <Claims title={t('popupDetailsJwtClaims')} claims={jwt.claims} format={formatTime} />
        </div>
      )}
    </details>
  );
}
