import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { DEMO_BROKERS } from './demo-brokers.ts';
import { launchHarness, type Harness } from './harness.ts';
import { callWorker, workerValue } from './worker-calls.ts';
import { saveScreenshot } from './screenshots.ts';

/**
 * The options page in Chromium, as a person uses it: a profile per broker through the form (a
 * refused URL first), the host access each one has, edit and remove, export to a file and import
 * it back, a broken file refused, the clipboard delay. The test build grants the sandbox's
 * *.test hosts, so those show as granted; an https host shows what a real user sees before
 * granting.
 */
describe('options page', () => {
  let harness: Harness;
  let page: Page;

  beforeAll(async () => {
    harness = await launchHarness();
    page = await harness.openPage('options');
  });
  afterAll(() => harness?.close());

  const list = () => page.getByRole('list', { name: 'Profiles' });
  const item = (name: string) => list().getByRole('listitem').filter({ hasText: name });
  /** The focused element's id; focus moves after the render, so callers poll it. */
  const focusedId = () => page.evaluate(() => document.activeElement?.id);

  async function addProfile(name: string, brokerLabel: string, url: string, appKey?: string) {
    await page.getByRole('button', { name: 'Add profile' }).click();
    await page.getByLabel('Profile name').fill(name);
    await page.getByLabel('Broker').selectOption({ label: brokerLabel });
    await page.getByLabel('API base URL').fill(url);
    if (appKey) await page.getByLabel('App key').fill(appKey);
    await page.getByRole('button', { name: 'Save' }).click();
  }

  it('adds a profile per broker, refusing a plain-http URL on a public host first', async () => {
    const { sandbox } = harness;
    await addProfile('Volven demo', 'Volven / TÝR Markets', 'http://api.volven.example.com');
    const alert = page.getByRole('alert').filter({ hasText: 'Use https://' });
    await alert.waitFor();
    await expect.poll(focusedId).toBe('profile-apiBaseUrl');
    await page.getByLabel('API base URL').fill(sandbox.urls.volven);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved “Volven demo”.' }).waitFor();

    await addProfile('ETNA demo', 'ETNA Trader', sandbox.urls.etna, DEMO_BROKERS.etna.appKey);
    await page.getByRole('status').filter({ hasText: 'Saved “ETNA demo”.' }).waitFor();
    await addProfile('TE demo', 'TraderEvolution', sandbox.urls.traderevolution);
    await page.getByRole('status').filter({ hasText: 'Saved “TE demo”.' }).waitFor();

    for (const name of ['Volven demo', 'ETNA demo', 'TE demo'])
      await item(name).getByText('Access to its API granted').waitFor();
  });

  it('shows the access a profile on a host not yet granted lacks, with the button to grant it', async () => {
    // Saved through the worker: from the form, headless Chromium would hold the permission
    // prompt open forever (no one to answer it).
    const reply = await callWorker(page, 'saveProfile', {
      name: 'Live broker',
      broker: 'traderevolution',
      apiBaseUrl: 'https://bo.broker.example/proftrading/rest',
      webAppOrigins: [],
      staySignedIn: false,
      refreshMarginSec: 300,
    });
    expect(reply).toMatchObject({ ok: true });
    const live = item('Live broker');
    await live
      .getByText('Access missing: https://bo.broker.example/* and wss://bo.broker.example/*')
      .waitFor();
    await live.getByRole('button', { name: 'Grant access for Live broker' }).waitFor();
    expect(await item('TE demo').getByText('Access to its API granted').count()).toBe(1);
  });

  it('edits a profile in place and removes one', async () => {
    await page.getByRole('button', { name: 'Edit TE demo' }).click();
    await expect.poll(focusedId).toBe('profile-name');
    await page.getByLabel('Refresh margin (seconds)').fill('90');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved “TE demo”.' }).waitFor();
    const profiles = await workerValue(page, 'listProfiles');
    expect(profiles.find((profile) => profile.name === 'TE demo')?.refreshMarginSec).toBe(90);

    await page.getByRole('button', { name: 'Remove Live broker' }).click();
    await page.getByRole('status').filter({ hasText: 'Removed “Live broker”.' }).waitFor();
    expect(await list().getByRole('listitem').count()).toBe(3);
  });

  it('exports the profiles to a file and imports it back into an empty browser', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export profiles' }).click(),
    ]);
    const text = readFileSync((await download.path())!, 'utf8');
    const exported = JSON.parse(text) as { profiles: { name: string; appKey?: string }[] };
    expect(exported.profiles.map((profile) => profile.name)).toEqual(['Volven demo', 'ETNA demo', 'TE demo']);
    expect(text).not.toMatch(/password|token"|"id"/i);

    for (const name of ['Volven demo', 'ETNA demo', 'TE demo'])
      await page.getByRole('button', { name: `Remove ${name}` }).click();
    await page.getByText('No profiles yet.').waitFor();

    await page.getByLabel('Import profiles').setInputFiles({
      name: 'profiles.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text),
    });
    await page.getByText('Imported 3 profiles: 3 new, 0 updated.').waitFor();
    expect(await list().getByRole('listitem').count()).toBe(3);
  });

  it('refuses a broken file, saying where, and imports nothing', async () => {
    const broken = JSON.stringify({ profiles: [{ name: 'X', broker: 'etna', apiBaseUrl: 'nope' }] });
    await page.getByLabel('Import profiles').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(broken),
    });
    const alert = page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
    await alert.getByText('Profile 1 · API base URL: Enter a full URL').waitFor();
    await alert.getByText('Profile 1 · App key: ETNA Trader needs the app key').waitFor();
    expect(await list().getByRole('listitem').count()).toBe(3);
  });

  it('keeps the clipboard delay the user sets', async () => {
    const delay = page.getByLabel('Clear the clipboard after (seconds)');
    await expect.poll(() => delay.inputValue()).toBe('60');
    await delay.fill('15');
    await page.getByRole('button', { name: 'Apply delay' }).click();
    await page.getByText('Clipboard delay saved.').waitFor();
    const fresh = await harness.openPage('options');
    await expect.poll(() => fresh.getByLabel('Clear the clipboard after (seconds)').inputValue()).toBe('15');
    await fresh.close();
  });

  it('has no serious accessibility problem, and is pictured', async () => {
    await page.reload();
    await item('TE demo').getByText('Access to its API granted').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Add profile' }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await saveScreenshot(page, 'options');
  });
});
