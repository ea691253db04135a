import type { ConsoleServices } from '../services.js';
import type { Site } from '../sites/site-store.js';
import type { TicketView } from '../tickets/ticket-queries.js';

/**
 * What the dashboard shows: live tickets soonest-due first (the first `limit`), counts, offline sites.
 * @example
 * const d: DashboardData = loadDashboard(services, 200); d.tickets[0]?.id;
 */
export interface DashboardData {
  now: number;
  tickets: TicketView[];
  total: number;
  counts: Record<string, number>;
  sites: Map<string, Site>;
  customers: Map<number, string>;
  offline: Site[];
}

/**
 * The instant that orders a ticket: its soonest due of a clock not yet stopped (running, warning or
 * breached); paused clocks after running ones, tickets with every clock stopped last.
 * @example
 * dueKey(ticket); // 1764000000000
 */
export function dueKey(t: Pick<TicketView, 'sla'>): number {
  let best = Number.POSITIVE_INFINITY;
  let paused = Number.POSITIVE_INFINITY;
  for (const o of Object.values(t.sla)) {
    if (o.dueAt === null) continue;
    if (o.state === 'running' || o.state === 'breached') best = Math.min(best, o.dueAt);
    else if (o.state === 'paused') paused = Math.min(paused, o.dueAt);
  }
  if (best !== Number.POSITIVE_INFINITY) return best;
  // Paused: after every running clock, still in due order among themselves.
  return paused === Number.POSITIVE_INFINITY ? Number.MAX_VALUE : 8.64e15 + paused;
}

const ALL = 1_000_000;

/**
 * Loads the dashboard. Ordering needs every live ticket's clocks, but a running clock's due instant
 * does not move with time, so the order (and the counts) are computed once per ticket change
 * (`repo.version`) and each request only evaluates the `limit` tickets it renders.
 * @example
 * const load = createDashboardLoader(app.services, 200);
 * load().tickets.length; // ≤ 200
 */
export function createDashboardLoader(s: ConsoleServices, limit: number): () => DashboardData {
  let cache: { version: number; ids: number[]; total: number; counts: Record<string, number> } | null = null;
  return () => {
    const now = s.now();
    if (!cache || cache.version !== s.ticketRepo.version) {
      const version = s.ticketRepo.version;
      const { items, total } = s.ticketQueries.list({ state: 'live' }, ALL, 0);
      const keyed = items.map((t) => ({ id: t.id, k: dueKey(t) }));
      keyed.sort((a, b) => a.k - b.k || a.id - b.id);
      const counts: Record<string, number> = { P1: 0, P2: 0, P3: 0, P4: 0 };
      for (const t of items) counts[t.priority] = (counts[t.priority] ?? 0) + 1;
      cache = { version, ids: keyed.slice(0, limit).map((x) => x.id), total, counts };
    }
    const ids = cache.ids;
    const records = ids.length
      ? s.ticketRepo.select('id IN (SELECT value FROM json_each(@ids))', { ids: JSON.stringify(ids) })
      : [];
    const byId = new Map(records.map((t) => [t.id, t]));
    const ordered = ids.map((id) => byId.get(id)).filter((t) => t !== undefined);
    const facts = s.ticketRepo.factsFor(ordered);
    const tickets: TicketView[] = ordered.map((t) => {
      const f = facts.get(t.id)!;
      const sla: TicketView['sla'] = {};
      for (const o of s.sla.evaluate(t, now, f)) {
        const { name, dueAt, state, warning, remainingSeconds, elapsedSeconds, targetSeconds, priority } = o;
        sla[name] = { dueAt, state, warning, remainingSeconds, elapsedSeconds, targetSeconds, priority };
      }
      return { ...t, paused: f.pauses.some((p) => p.to === null), sla };
    });
    const siteList = s.sites.list(ALL, 0).items;
    return {
      now,
      tickets,
      total: cache.total,
      counts: cache.counts,
      sites: new Map(siteList.map((x) => [x.id, x])),
      customers: new Map(s.customers.list(ALL, 0).items.map((c) => [c.id, c.name])),
      offline: siteList.filter((x) => !x.online),
    };
  };
}
