import { describe, expect, it } from 'vitest';
import { capPlan, parseAlarmName, SWEEP_ALARM } from '../../../../src/background/alarms/plan.ts';

const planOf = (count: number) =>
  new Map<string, number>(
    Array.from({ length: count }, (_, i) => [`refresh:p${i}`, 1_000 + ((i * 7919) % count)]),
  );

describe('alarms under the browser limit', () => {
  it('leaves a plan within the limit as it is', () => {
    const plan = planOf(450);
    expect(capPlan(plan)).toBe(plan);
  });

  it('keeps the earliest entries and one sweep alarm at the first entry left out', () => {
    const plan = planOf(1000);
    const capped = capPlan(plan);
    expect(capped.size).toBe(450);
    const times = [...plan.values()].sort((a, b) => a - b);
    expect(capped.get(SWEEP_ALARM)).toBe(times[449]);
    const kept = [...capped].filter(([name]) => name !== SWEEP_ALARM).map(([, when]) => when);
    expect(Math.max(...kept)).toBeLessThanOrEqual(times[449]!);
    for (const [name, when] of capped) if (name !== SWEEP_ALARM) expect(plan.get(name)).toBe(when);
  });

  it('names the sweep so that a later sync recognises it as ours', () => {
    expect(parseAlarmName(SWEEP_ALARM)).toEqual({ purpose: 'sweep', profileId: 'all' });
  });
});
