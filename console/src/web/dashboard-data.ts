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
 * Loads the dashboard; SLA states of every live ticket are evaluated (they depend on the time), but
 * only the first `limit` are rendered.
 * @example
 * loadDashboard(app.services, 200).total;
 */
export function loadDashboard(s: ConsoleServices, limit: number): DashboardData {
  const now = s.now();
  const { items, total } = s.ticketQueries.list({ state: 'live' }, ALL, 0);
  const keyed = items.map((t) => ({ t, k: dueKey(t) }));
  keyed.sort((a, b) => a.k - b.k || a.t.id - b.t.id);
  const counts: Record<string, number> = { P1: 0, P2: 0, P3: 0, P4: 0 };
  for (const t of items) counts[t.priority] = (counts[t.priority] ?? 0) + 1;
  const siteList = s.sites.list(ALL, 0).items;
  const sites = new Map(siteList.map((x) => [x.id, x]));
  const customers = new Map(s.customers.list(ALL, 0).items.map((c) => [c.id, c.name]));
  return {
    now,
    tickets: keyed.slice(0, limit).map((x) => x.t),
    total,
    counts,
    sites,
    customers,
    offline: siteList.filter((x) => !x.online),
  };
}
