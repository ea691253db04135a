import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../test-helpers/harness.js';
import { TicketQueries } from './ticket-queries.js';

const MIN = 60_000;
let h: Harness;

beforeEach(() => {
  h = makeHarness();
  const c = h.customers.create({ name: 'Acme' });
  for (const id of ['acme-hq', 'acme-dc'])
    h.sites.create({ id, name: id, customerId: c.id, planKey: 'roi-priority', timeZone: 'UTC' });
  for (const condition of ['stations', 'trunks'] as const)
    for (const siteId of ['acme-hq', 'acme-dc'])
      h.tickets.applyCondition({
        siteId,
        condition,
        change: 'raised',
        priority: condition === 'stations' ? 'P1' : 'P2',
        at: h.clock.t,
        detectedAt: h.clock.t,
        summary: `${condition} down`,
        timeCorrected: false,
        offsetMs: null,
        actor: `agent:${siteId}`,
      });
});
afterEach(() => h.close());

/** The same list from queries that never saw a request before (nothing reused). */
const fresh = (...a: Parameters<TicketQueries['list']>) =>
  new TicketQueries(h.ticketRepo, h.sla, () => h.clock.t).list(...a);

/** The list asked for three times (first answer, page kept, page reused): all as `fresh`'s. */
function listed(...a: Parameters<TicketQueries['list']>) {
  const answers = [0, 1, 2].map(() => h.ticketQueries.list(...a));
  for (const r of answers) expect(r).toEqual(fresh(...a));
  return answers[2] as ReturnType<TicketQueries['list']>;
}

describe('ticket lists', () => {
  it('evaluate the clocks at every call, reusing the rows only until a ticket changes', () => {
    const first = listed({ state: 'open' }, 3, 0);
    expect(first.total).toBe(4);
    h.clock.t += 50 * MIN;
    const later = listed({ state: 'open' }, 3, 0);
    expect(later.items[0]?.sla.response?.elapsedSeconds).toBe(
      (first.items[0]?.sla.response?.elapsedSeconds ?? 0) + 3000,
    );
    const [a, b] = later.items.map((t) => t.id) as [number, number];
    h.tickets.acknowledge(a, 'alice');
    h.tickets.pause(b, { reason: 'customer-access' }, 'alice');
    const after = listed({ state: 'open' }, 3, 0);
    expect(after.total).toBe(3);
    expect(after.items.map((t) => [t.id, t.paused])).not.toContainEqual([a, false]);
    expect(after.items.find((t) => t.id === b)?.paused).toBe(true);
    expect(listed({ state: 'acknowledged' }, 50, 0).items.map((t) => t.id)).toEqual([a]);
  });

  it('follow a site moving to another customer at once (no ticket changed)', () => {
    const other = h.customers.create({ name: 'Other' });
    const acme = h.sites.get('acme-hq').customerId as number;
    expect(listed({ customerId: other.id }, 50, 0).total).toBe(0);
    expect(listed({ customerId: acme }, 50, 0).total).toBe(4);
    h.sites.update('acme-hq', { customerId: other.id });
    expect(listed({ customerId: other.id }, 50, 0).total).toBe(2);
    expect(listed({ customerId: acme }, 50, 0).total).toBe(2);
  });

  it('hand out views a caller may change without touching later answers', () => {
    for (let i = 0; i < 3; i++) {
      const [v] = h.ticketQueries.list({ state: 'open' }, 1, 0).items;
      if (!v) throw new Error('no ticket');
      v.summary = 'changed by a caller';
      v.sla = {};
    }
    listed({ state: 'open' }, 1, 0);
  });
});
