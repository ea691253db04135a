import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../test-helpers/harness.js';
import { createDashboardLoader, dueKey } from './dashboard-data.js';

let h: Harness;
beforeEach(() => {
  h = makeHarness();
  h.sites.create({ id: 'a', name: 'A', planKey: 'roi-priority', timeZone: 'UTC' });
  h.sites.create({ id: 'b', name: 'B', planKey: 'roi-priority', timeZone: 'UTC' });
  h.sites.create({ id: 'c', name: 'C', planKey: 'roi-priority', timeZone: 'UTC' });
});
afterEach(() => h.close());

describe('dashboard data', () => {
  it('orders live tickets soonest due first, limits the rows, counts all, follows changes', () => {
    const late = h.tickets.createManual({ siteId: 'a', priority: 'P3', summary: 'p3' }, 'x');
    const p1 = h.tickets.createManual({ siteId: 'b', priority: 'P1', summary: 'p1' }, 'x');
    const older = h.tickets.createManual(
      { siteId: 'c', priority: 'P1', summary: 'older', detectedAt: h.clock.t - 600_000 },
      'x',
    );
    const load = createDashboardLoader(h, 2);
    let d = load();
    expect(d.tickets.map((t) => t.id)).toEqual([older.id, p1.id]);
    expect(d.total).toBe(3);
    expect(d.counts).toEqual({ P1: 2, P2: 0, P3: 1, P4: 0 });
    expect(d.offline.map((s) => s.id)).toEqual(['a', 'b', 'c']);
    // Acknowledging stops `response`: the ticket now sorts by its resolution clock, after p1's response.
    h.tickets.acknowledge(older.id, 'alice');
    d = load();
    expect(d.tickets.map((t) => t.id)).toEqual([p1.id, older.id]);
    expect(d.tickets[1]?.sla.response?.state).toBe('met');
    // Both responded: the P1 resolutions (due ~19:00) come before the P3's response (due 23:00),
    // so the P3 is the one the limit cuts.
    h.tickets.acknowledge(p1.id, 'alice');
    d = load();
    expect(d.tickets.map((t) => t.id)).toEqual([older.id, p1.id]);
    expect(d.tickets.map((t) => t.id)).not.toContain(late.id);
    // A clock evaluated at each load: time passes, remaining shrinks without a ticket change.
    const before = d.tickets[0]!.sla.resolution!.remainingSeconds;
    h.clock.t += 60_000;
    expect(load().tickets[0]!.sla.resolution!.remainingSeconds).toBe(before - 60);
  });

  it('puts paused clocks after running ones and fully stopped tickets last', () => {
    const obj = (state: 'running' | 'paused' | 'met' | 'breached', dueAt: number | null) => ({
      sla: {
        x: {
          state,
          dueAt,
          warning: false,
          remainingSeconds: 0,
          elapsedSeconds: 0,
          targetSeconds: 1,
          priority: 'P1' as const,
        },
      },
    });
    const keys = [obj('met', 5), obj('paused', 1), obj('running', 100), obj('breached', 50)].map(dueKey);
    expect([...keys].sort((a, b) => a - b)).toEqual([keys[3], keys[2], keys[1], keys[0]]);
  });
});
