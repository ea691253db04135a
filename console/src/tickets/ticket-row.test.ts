import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../test-helpers/harness.js';

let h: Harness;

beforeEach(() => {
  h = makeHarness();
  const c = h.customers.create({ name: 'Acme' });
  h.sites.create({
    id: 'acme-hq',
    name: 'Acme HQ',
    customerId: c.id,
    planKey: 'roi-priority',
    timeZone: 'UTC',
  });
});
afterEach(() => h.close());

describe('ticket rows (raw mode)', () => {
  it('read back exactly what the object-mode select with aliases gave, keys in the same order', () => {
    const at = h.clock.t;
    h.tickets.applyCondition({
      siteId: 'acme-hq',
      condition: 'stations',
      change: 'raised',
      priority: 'P1',
      at,
      detectedAt: at,
      summary: 'down',
      timeCorrected: true,
      offsetMs: 1500,
      actor: 'agent:acme-hq',
    });
    const [t] = h.ticketRepo.select('site_id = @s', { s: 'acme-hq' });
    // The statement TicketRepo used before raw mode, row objects straight from better-sqlite3.
    const old = h.db
      .prepare(
        `SELECT id, site_id AS siteId, condition, priority, state, summary, detected_at AS detectedAt,
  cleared_at AS clearedAt, acknowledged_at AS acknowledgedAt, acknowledged_by AS acknowledgedBy,
  restored_at AS restoredAt, resolved_at AS resolvedAt, resolved_by AS resolvedBy, closed_at AS closedAt,
  closed_by AS closedBy, plan_version_id AS planVersionId, time_corrected AS timeCorrected,
  clock_offset_ms AS clockOffsetMs, reopen_count AS reopenCount, created_at AS createdAt, updated_at AS updatedAt
  FROM tickets WHERE id = ?`,
      )
      .get(t?.id) as Record<string, unknown>;
    const expected = { ...old, timeCorrected: old.timeCorrected === 1 };
    expect(t).toEqual(expected);
    expect(Object.keys(t ?? {})).toEqual(Object.keys(expected));
    expect(h.ticketRepo.get(t?.id ?? 0)).toEqual(expected);
    expect(h.ticketRepo.findLive('acme-hq', 'stations')).toEqual(expected);
    expect(h.ticketRepo.findLatest('acme-hq', 'stations')).toEqual(expected);
    expect(t?.timeCorrected).toBe(true);
    // The list view keeps the record's keys, then paused and sla.
    const [v] = h.ticketQueries.list({ state: 'open' }, 50, 0).items;
    expect(Object.keys(v ?? {})).toEqual([...Object.keys(expected), 'paused', 'sla']);
  });
});
