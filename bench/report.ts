import type { BridgeProxyFigures } from './bridge-proxy.ts';
import type { VerdictFigures } from './broker-verdict.ts';
import type { BundleFigures } from './bundle.ts';
import type { PopupReadyFigures } from './popup-ready.ts';
import type { RebuildVsChrome } from './rebuild-vs-chrome.ts';
import type { ScalePoint } from './scale.ts';
import type { SoakFigures } from './soak.ts';
import type { Summary } from './stats.ts';

/** Everything `npm run bench` measured; a partial run keeps the figures of earlier runs. */
export interface Results {
  measuredAt?: string;
  machine?: { cpus: number; cpuModel: string; node: string; chromium: string };
  bundle?: BundleFigures;
  /** Older runs kept only the two popup figures (no floor, no restart). */
  popupReady?: Partial<PopupReadyFigures> & Pick<PopupReadyFigures, 'workerRunning' | 'workerStopped'>;
  headerCost?: { ruleRps: number; pageRps: number; ratio: number };
  refreshLatency?: {
    alarmToNewTokenMs: Summary;
    alarmToRefreshRequestMs: Summary;
    refreshRequestToNewTokenMs: Summary;
  };
  brokerVerdict?: VerdictFigures;
  scale?: ScalePoint[];
  rebuildVsChrome?: RebuildVsChrome;
  signIn?: { clickToActiveMs: Summary; sandboxLoginMs: Summary; overheadMs: Summary };
  soak?: SoakFigures;
  bridgeProxy?: BridgeProxyFigures;
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const verdict = (met: boolean) => (met ? '✅ met' : '❌ missed');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const stats = (summary: Summary, unit = 'ms') =>
  `${summary.median} ${unit} (p95 ${summary.p95}, min ${summary.min}, max ${summary.max}, ${summary.runs} runs)`;

/** The tables of docs/performance.md, with each target and whether this run met it. */
export function targetsTable(results: Results): string {
  const lines = [row(['Figure', 'Target', 'Measured', '']), row(['---', '---', '---', '---'])];
  const {
    bundle,
    popupReady,
    headerCost,
    refreshLatency,
    brokerVerdict,
    rebuildVsChrome,
    signIn,
    soak,
    bridgeProxy,
  } = results;
  if (bundle) {
    lines.push(
      row([
        'Popup, gzip (HTML + JS + CSS)',
        '≤ 20 kB',
        kB(bundle.popupBytes),
        verdict(bundle.popupBytes <= 20_000),
      ]),
    );
    lines.push(row(['Options page, gzip', '—', kB(bundle.optionsBytes), '']));
    lines.push(row(['Worker, gzip', '—', kB(bundle.workerBytes), '']));
  }
  if (popupReady) {
    const { workerRunning: running, workerStopped: stopped } = popupReady;
    const states = [
      ['running', running, popupReady.floorWorkerRunning, popupReady.ratioRunning],
      ['stopped', stopped, popupReady.floorWorkerStopped, popupReady.ratioStopped],
    ] as const;
    for (const [state, popup, floor, ratio] of states) {
      if (floor && ratio !== undefined)
        lines.push(
          row([`Floor (blank page, one module script), worker ${state}`, '—', stats(floor), '']),
          row([
            `Popup ready, worker ${state}: popup / floor`,
            '≤ 1.15×',
            `${ratio}× (popup ${stats(popup)})`,
            verdict(ratio <= 1.15),
          ]),
        );
      else lines.push(row([`Popup ready, worker ${state}`, '—', stats(popup), '']));
    }
    const firstOpen = popupReady.firstOpenAfterRestart;
    if (firstOpen)
      lines.push(
        row([
          'First popup after a browser restart: navigation → ready',
          '≤ 300 ms',
          stats(firstOpen),
          verdict(firstOpen.median <= 300),
        ]),
      );
  }
  if (headerCost)
    lines.push(
      row([
        'Header cost: rule vs page, throughput ratio',
        '≥ 0.97',
        `${headerCost.ratio} (${headerCost.ruleRps} vs ${headerCost.pageRps} req/s, 2,000 fetches each)`,
        verdict(headerCost.ratio >= 0.97),
      ]),
    );
  if (refreshLatency) {
    const { alarmToNewTokenMs: total, refreshRequestToNewTokenMs: sandbox } = refreshLatency;
    lines.push(
      row([
        'Refresh latency, worker stopped: alarm → new token seen',
        '≤ 150 ms beyond the sandbox',
        `${stats(total)}; of which refresh request → first use ${sandbox.median} ms`,
        verdict(total.median <= 150),
      ]),
    );
  }
  if (brokerVerdict) {
    const { firstRefusalToRejectedMs: rejected, renewalsPerBurst, firstRefusalToRecoveredMs } = brokerVerdict;
    lines.push(
      row([
        'Session revoked: first 401 → Rejected',
        'within a few seconds',
        stats(rejected),
        verdict(rejected.max <= 3_000),
      ]),
      row([
        `Renewal requests per burst of 20 × 401`,
        '≤ 1',
        renewalsPerBurst.join(', '),
        verdict(renewalsPerBurst.every((count) => count <= 1)),
      ]),
      row([
        'Token forgotten: first 401 → first 200 with the renewed token',
        '—',
        stats(firstRefusalToRecoveredMs),
        '',
      ]),
    );
  }
  if (rebuildVsChrome) {
    const { profiles, rules, rebuildMs, chromeMs, ratio, p95Ratio } = rebuildVsChrome;
    lines.push(
      row([
        `Rules rebuilt after one sign-out or sign-in, ${profiles} profiles (${rules} rules), against Chrome's own \`updateSessionRules\` for the same change`,
        '≤ 1.2×',
        `${ratio}× (p95 ${p95Ratio}×): rebuild ${stats(rebuildMs)}; Chrome alone ${stats(chromeMs)}`,
        verdict(ratio <= 1.2),
      ]),
    );
  }
  if (signIn)
    lines.push(
      row(['Sign-in overhead: click → Active minus the sandbox', '—', stats(signIn.overheadMs), '']),
    );
  if (soak)
    for (const broker of soak.brokers)
      lines.push(
        row([
          `Rotation soak ${broker.broker}: ${soak.tokenLifetimeSec} s tokens, ${soak.minutes} min`,
          '0 × 401',
          `${broker.unauthorized} × 401 of ${broker.requests} requests, ${broker.refreshes} renewals, ${broker.otherFailures} other failures`,
          verdict(broker.unauthorized === 0 && broker.otherFailures === 0),
        ]),
      );
  if (bridgeProxy)
    lines.push(
      row([
        `Bridge proxy: authenticated GETs through \`broker-sessions proxy\` against straight to the API, ${bridgeProxy.concurrency} at a time, throughput ratio`,
        '—',
        `${bridgeProxy.ratio} (${bridgeProxy.proxyRps} vs ${bridgeProxy.directRps} req/s); latency ${stats(bridgeProxy.proxyLatencyMs)} vs ${stats(bridgeProxy.directLatencyMs)}`,
        '',
      ]),
    );
  return lines.join('\n');
}

export function scaleTable(points: ScalePoint[]): string {
  const lines = [
    row([
      'Profiles',
      'Rules',
      'Rebuild at wake, rules lost',
      'Rebuild at wake, rules kept',
      'Rebuild after one change',
      'Wake → answer',
      'Wake → rules in force',
      'storage.local',
      'storage.session',
      'Worker heap',
    ]),
    row(['---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  for (const point of points)
    lines.push(
      row([
        point.profiles,
        point.rules,
        `${point.wakeRebuildMs} ms`,
        `${point.wakeKeptRebuildMs} ms`,
        `${point.changeRebuildMs} ms`,
        `${point.wakeToAnswerMs} ms`,
        `${point.wakeToRulesMs} ms`,
        kB(point.localBytes),
        kB(point.sessionBytes),
        `${(point.workerHeapBytes / 1e6).toFixed(1)} MB`,
      ]),
    );
  return lines.join('\n');
}
