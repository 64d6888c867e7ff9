/**
 * `npm run bench [-- <name> …]`: builds the extension, runs the benchmarks (all, or the ones
 * named: bundle, popup-ready, header-cost, refresh-latency, broker-verdict, scale, sign-in, soak,
 * bridge-proxy), prints each
 * figure, and keeps them in bench/results.json and docs/performance.md.
 */
import { BENCH_PROD_DIR, BENCH_TEST_DIR } from './build-dirs.ts';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { format, resolveConfig } from 'prettier';
import { build } from 'vite';
import { chromiumPath } from '../test/e2e/chromium.ts';
import { measureBridgeProxy } from './bridge-proxy.ts';
import { measureBrokerVerdict } from './broker-verdict.ts';
import { measureBundle } from './bundle.ts';
import { measureHeaderCost } from './header-cost.ts';
import { measurePopupReady } from './popup-ready.ts';
import { measureRefreshLatency } from './refresh-latency.ts';
import { scaleTable, targetsTable, type Results } from './report.ts';
import { measureScale } from './scale.ts';
import { measureSignIn } from './sign-in.ts';
import { measureSoak } from './soak.ts';
import { formatSummary } from './stats.ts';

const root = resolve(import.meta.dirname, '..');
const RESULTS = resolve(root, 'bench/results.json');
const REPORT = resolve(root, 'docs/performance.md');

type Step = (results: Results) => Promise<void>;

const STEPS: Record<string, Step> = {
  async bundle(results) {
    results.bundle = measureBundle(BENCH_PROD_DIR);
    const { popupBytes, optionsBytes, workerBytes } = results.bundle;
    console.log(`bundle: popup ${popupBytes} B, options ${optionsBytes} B, worker ${workerBytes} B (gzip)`);
  },
  async 'popup-ready'(results) {
    const figures = await measurePopupReady();
    results.popupReady = figures;
    for (const [state, popup, floor, ratio] of [
      ['running', figures.workerRunning, figures.floorWorkerRunning, figures.ratioRunning],
      ['stopped', figures.workerStopped, figures.floorWorkerStopped, figures.ratioStopped],
    ] as const) {
      console.log(`floor, worker ${state}: ${formatSummary(floor, 'ms')}`);
      console.log(`popup ready, worker ${state}: ${formatSummary(popup, 'ms')}`);
      console.log(`popup-ready / floor, worker ${state}: ${ratio}×`);
    }
    console.log(`first popup after a browser restart: ${formatSummary(figures.firstOpenAfterRestart, 'ms')}`);
  },
  async 'header-cost'(results) {
    results.headerCost = await measureHeaderCost();
    const { ruleRps, pageRps, ratio } = results.headerCost;
    console.log(`header cost: rule ${ruleRps} req/s, page ${pageRps} req/s, ratio ${ratio}`);
  },
  async 'refresh-latency'(results) {
    results.refreshLatency = await measureRefreshLatency();
    console.log(
      `refresh latency, alarm → new token: ${formatSummary(results.refreshLatency.alarmToNewTokenMs, 'ms')}`,
    );
    console.log(
      `  alarm → refresh request: ${formatSummary(results.refreshLatency.alarmToRefreshRequestMs, 'ms')}`,
    );
  },
  async 'broker-verdict'(results) {
    results.brokerVerdict = await measureBrokerVerdict();
    const { firstRefusalToRejectedMs, renewalsPerBurst, firstRefusalToRecoveredMs } = results.brokerVerdict;
    console.log(
      `broker verdict, revoked: first 401 → Rejected: ${formatSummary(firstRefusalToRejectedMs, 'ms')}`,
    );
    console.log(`  renewal requests per burst of 20 × 401: ${renewalsPerBurst.join(', ')}`);
    console.log(
      `broker verdict, token forgotten: first 401 → first 200 with the renewed token: ${formatSummary(firstRefusalToRecoveredMs, 'ms')}`,
    );
  },
  async scale(results) {
    const { points, vsChrome } = await measureScale();
    results.scale = points;
    results.rebuildVsChrome = vsChrome;
    for (const point of results.scale) console.log(`scale: ${JSON.stringify(point)}`);
    const { profiles, rebuildMs, chromeMs, ratio, p95Ratio, signOut, signIn, parts } = vsChrome;
    console.log(`rules rebuild at ${profiles} profiles, one sign-out or sign-in:`);
    console.log(`  extension's rebuild: ${formatSummary(rebuildMs, 'ms')}`);
    console.log(`  Chrome's updateSessionRules, same change: ${formatSummary(chromeMs, 'ms')}`);
    console.log(
      `  ratio ${ratio}× (median), ${p95Ratio}× (p95); sign-out ${signOut.ratio}×, sign-in ${signIn.ratio}×`,
    );
    console.log(
      `  storage alone: all reads ${formatSummary(parts.readsMs, 'ms')}; sessions ${formatSummary(parts.sessionsReadMs, 'ms')}; prints ${formatSummary(parts.printsReadMs, 'ms')}; prints dropped ${formatSummary(parts.forgetPrintsMs, 'ms')}; prints written ${formatSummary(parts.writePrintsMs, 'ms')}`,
    );
  },
  async 'sign-in'(results) {
    results.signIn = await measureSignIn();
    console.log(`sign-in overhead: ${formatSummary(results.signIn.overheadMs, 'ms')}`);
  },
  async soak(results) {
    results.soak = await measureSoak();
    for (const broker of results.soak.brokers) console.log(`soak: ${JSON.stringify(broker)}`);
  },
  async 'bridge-proxy'(results) {
    results.bridgeProxy = await measureBridgeProxy();
    const { directRps, proxyRps, ratio, directLatencyMs, proxyLatencyMs, concurrency } = results.bridgeProxy;
    console.log(
      `bridge proxy, ${concurrency} concurrent GETs: direct ${directRps} req/s, proxy ${proxyRps} req/s`,
    );
    console.log(`  proxy / direct: ${ratio}`);
    console.log(`  latency direct: ${formatSummary(directLatencyMs, 'ms')}`);
    console.log(`  latency proxy: ${formatSummary(proxyLatencyMs, 'ms')}`);
    const { proxyCpuUsPerRequest, directCpuUsPerRequest } = results.bridgeProxy;
    console.log(
      `  CPU per request: proxy process ${proxyCpuUsPerRequest ?? '?'} µs; load generator + sandbox ${directCpuUsPerRequest} µs`,
    );
  },
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = wanted.filter((name) => !(name in STEPS));
if (unknown.length > 0) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Known: ${Object.keys(STEPS).join(', ')}.`);
  process.exit(1);
}

console.log('Building the production and test extensions…');
await build({ root, mode: 'production', logLevel: 'warn', build: { outDir: BENCH_PROD_DIR } });
if (process.env.BROKER_SESSIONS_EXTENSION_DIR === BENCH_TEST_DIR) {
  await build({ root, mode: 'test', logLevel: 'warn', build: { outDir: BENCH_TEST_DIR } });
}

const results: Results = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Results) : {};
const browser = await chromium.launch({ executablePath: chromiumPath() });
results.machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? '?',
  node: process.version,
  chromium: browser.version(),
};
await browser.close();
for (const name of wanted.length > 0 ? wanted : Object.keys(STEPS)) {
  await STEPS[name]!(results);
  results.measuredAt = new Date().toISOString();
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
}

const notes = readFileSync(resolve(root, 'bench/notes.md'), 'utf8');
const report = `# Performance

Measured by \`npm run bench\` on ${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node},
Chromium ${results.machine.chromium} (headless), against the local sandbox; last run ${results.measuredAt}.
Raw figures: [bench/results.json](../bench/results.json).

## Targets

${targetsTable(results)}

## Scale

Active profiles each with a web-app origin (two header rules per profile); medians of five wake-ups.

${results.scale ? scaleTable(results.scale) : '(not measured yet)'}

${notes}`;
// Written as the repository's formatter would, so that \`npm run lint\` stays clean.
writeFileSync(REPORT, await format(report, { ...(await resolveConfig(REPORT)), parser: 'markdown' }));
console.log(`Wrote ${RESULTS} and ${REPORT}.`);
