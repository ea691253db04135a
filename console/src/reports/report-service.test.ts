import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../test-helpers/harness.js';
import { subtract, union } from './intervals.js';

const MIN = 60_000;
let h: Harness;
const raise = (
  condition: 'pbx-down' | 'agent-offline' | 'sip-slow',
  priority: 'P1' | 'P2' | 'P3',
  at: number,
) =>
  h.tickets.applyCondition({
    siteId: 's',
    condition,
    change: 'raised',
    priority,
    at,
    detectedAt: at,
    summary: '',
    timeCorrected: false,
    offsetMs: null,
    actor: 't',
  });
const clear = (condition: 'pbx-down' | 'agent-offline' | 'sip-slow', at: number) =>
  h.tickets.applyCondition({
    siteId: 's',
    condition,
    change: 'cleared',
    priority: 'P1',
    at,
    detectedAt: at,
    summary: '',
    timeCorrected: false,
    offsetMs: null,
    actor: 't',
  });

beforeEach(() => {
  h = makeHarness({}, Date.parse('2026-03-02T00:00:00Z'));
  const c = h.customers.create({ name: 'Acme' });
  h.sites.create({ id: 's', name: 'S', customerId: c.id, planKey: 'roi-tm', timeZone: 'UTC' });
});
afterEach(() => h.close());

describe('intervals', () => {
  it('merges and subtracts', () => {
    expect(
      union([
        [5, 9],
        [0, 6],
        [20, 30],
      ]),
    ).toEqual([
      [0, 9],
      [20, 30],
    ]);
    expect(
      subtract(
        [[0, 10]],
        [
          [3, 5],
          [8, 20],
        ],
      ),
    ).toEqual([
      [0, 3],
      [5, 8],
    ]);
  });
});

describe('reports', () => {
  it('availability: P1 downtime, maintenance excluded, agent-offline apart as unknown', () => {
    const t0 = h.clock.t;
    raise('pbx-down', 'P1', t0 + 60 * MIN);
    clear('pbx-down', t0 + 120 * MIN);
    raise('sip-slow', 'P3', t0 + 60 * MIN); // not P1: no downtime
    h.maintenance.create(
      { siteId: 's', startsAt: t0 + 100 * MIN, endsAt: t0 + 160 * MIN, reason: 'upgrade' },
      'x',
    );
    raise('agent-offline', 'P2', t0 + 300 * MIN);
    clear('agent-offline', t0 + 330 * MIN);
    h.clock.t = t0 + 1000 * MIN;
    const [row] = h.reports.availability(t0, t0 + 1000 * MIN);
    expect(row).toMatchObject({
      siteId: 's',
      periodSeconds: 1000 * 60,
      maintenanceSeconds: 60 * 60,
      downtimeSeconds: 40 * 60,
      unknownSeconds: 30 * 60,
    });
    expect(row?.availabilityPct).toBeCloseTo((100 * (910 - 40)) / 910, 2);
  });

  it('attainment: met and breached per plan and priority, mean and p90 time to respond', () => {
    const t0 = h.clock.t;
    // roi-tm: P1 response 8 clock hours. Three P1 tickets acknowledged after 1 h, 2 h, and 9 h.
    const ids = ['pbx-down', 'agent-offline', 'sip-slow'].map(
      (c, i) =>
        h.tickets.createManual({ siteId: 's', priority: 'P1', summary: c, detectedAt: t0 - i * MIN }, 'x').id,
    );
    h.clock.t = t0 + 60 * MIN;
    h.tickets.acknowledge(ids[0]!, 'a');
    h.clock.t = t0 + 119 * MIN;
    h.tickets.acknowledge(ids[1]!, 'a');
    h.clock.t = t0 + 9 * 60 * MIN - 2 * MIN;
    h.tickets.acknowledge(ids[2]!, 'a');
    const rows = h.reports.attainment(t0, t0 + 24 * 60 * MIN);
    const response = rows.find((r) => r.objective === 'response');
    expect(response).toMatchObject({
      customer: 'Acme',
      plan: 'roi-tm',
      priority: 'P1',
      due: 3,
      met: 2,
      breached: 1,
      metPct: 66.67,
    });
    expect(response?.meanSeconds).toBe(Math.round((3600 + 7200 + 9 * 3600) / 3));
    expect(response?.p90Seconds).toBe(9 * 3600);
  });
});
