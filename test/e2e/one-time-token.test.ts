/**
 * TraderEvolution's one-time-token verification from the popup: a fresh token shows the login
 * it belongs to; the same token again, or an unknown one, shows why it is not valid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BROKERS, signInDemo } from './demo-brokers.ts';
import { launchHarness, type Harness } from './harness.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await launchHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe('Verify one-time token (TraderEvolution)', () => {
  it('shows the login of a valid token, then "not valid" once it is used', async () => {
    const { card } = await signInDemo(harness, DEMO_BROKERS.traderevolution);
    const oneTime = await harness.sandbox.mintOneTimeToken('te-trader');
    await card.getByRole('button', { name: 'Verify one-time token' }).click();
    await card.getByLabel('One-time token').fill(oneTime);
    await card.getByRole('button', { name: 'Check' }).click();
    await card.getByText('Valid: belongs to te-trader').waitFor();

    await card.getByRole('button', { name: 'Check' }).click();
    const alert = card.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Not valid: .*already used/);
    expect(await alert.textContent()).not.toContain(oneTime);

    await card.getByLabel('One-time token').fill('no-such-token');
    await card.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => alert.textContent()).not.toContain('already used');
    expect(await alert.textContent()).toMatch(/^Not valid/);
  });
});
