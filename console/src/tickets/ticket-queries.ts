import type { Priority } from '@pbxwatch/core';
import { NotFoundError } from '../errors.js';
import type { ObjectiveStatus, SlaFacts } from '../sla/sla-port.js';
import type { SlaService } from '../sla/sla-service.js';
import { prep } from '../store/statements.js';
import type { PauseRecord, TicketRecord, TicketRepo, TicketState, TimelineEntry } from './ticket-repo.js';
import { VersionCache } from './version-cache.js';

/**
 * One objective of a ticket as lists show it.
 * @example
 * queries.get(7).sla.response?.remainingSeconds;
 */
export type ObjectiveView = Pick<
  ObjectiveStatus,
  'dueAt' | 'state' | 'warning' | 'remainingSeconds' | 'elapsedSeconds' | 'targetSeconds' | 'priority'
>;

/**
 * A ticket with its clocks evaluated now.
 * @example
 * const v: TicketView = queries.list({ state: 'open' }, 50, 0).items[0]!;
 */
export interface TicketView extends TicketRecord {
  paused: boolean;
  sla: Record<string, ObjectiveView>;
}

/**
 * A ticket with everything the detail page shows.
 * @example
 * const d: TicketDetail = queries.get(7); d.timeline.map((e) => e.type);
 */
export interface TicketDetail extends TicketView {
  pauses: PauseRecord[];
  priorities: { priority: Priority; at: number }[];
  timeline: TimelineEntry[];
}

/**
 * `{ ...t, paused, sla }` as one literal. The spread was the hottest line of a list page (a
 * 21-key clone plus two added keys left V8 with a slow object, which every later read and
 * `JSON.stringify` paid for again); the literal keeps the same keys in the same order.
 */
const viewOf = (t: TicketRecord, paused: boolean, sla: Record<string, ObjectiveView>): TicketView => ({
  id: t.id,
  siteId: t.siteId,
  condition: t.condition,
  priority: t.priority,
  state: t.state,
  summary: t.summary,
  detectedAt: t.detectedAt,
  clearedAt: t.clearedAt,
  acknowledgedAt: t.acknowledgedAt,
  acknowledgedBy: t.acknowledgedBy,
  restoredAt: t.restoredAt,
  resolvedAt: t.resolvedAt,
  resolvedBy: t.resolvedBy,
  closedAt: t.closedAt,
  closedBy: t.closedBy,
  planVersionId: t.planVersionId,
  timeCorrected: t.timeCorrected,
  clockOffsetMs: t.clockOffsetMs,
  reopenCount: t.reopenCount,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
  paused,
  sla,
});

/** What a list page reads from the database (all of it independent of the time). */
interface PageData {
  tickets: TicketRecord[];
  facts: Map<number, SlaFacts>;
  total: number;
}

/** Larger pages (the dashboard's every live ticket) are not kept: the dashboard keeps its own. */
const MAX_KEPT_PAGE = 500;

/**
 * Filters of {@link TicketQueries.list}; `state: 'live'` means every state but closed.
 * @example
 * queries.list({ state: 'live', priority: 'P1' } satisfies TicketFilter, 50, 0);
 */
export interface TicketFilter {
  state?: TicketState | 'live';
  priority?: Priority;
  siteId?: string;
  condition?: string;
  customerId?: number;
}

/**
 * Read side of tickets for the API and the web UI: filtered pages with SLA states computed in bulk.
 * @example
 * queries.list({ state: 'open', priority: 'P1' }, 50, 0); // { items: [...], total: 3 }
 */
export class TicketQueries {
  private readonly counts = new VersionCache<string, number>(500);
  private readonly pages = new VersionCache<string, PageData>(50);

  constructor(
    private readonly repo: TicketRepo,
    private readonly sla: SlaService,
    private readonly now: () => number,
  ) {}

  private views(tickets: readonly TicketRecord[], facts: Map<number, SlaFacts>): TicketView[] {
    const at = this.now();
    return tickets.map((t) => {
      const f = facts.get(t.id)!;
      const sla: Record<string, ObjectiveView> = {};
      for (const o of this.sla.evaluate(t, at, f)) {
        sla[o.name] = {
          dueAt: o.dueAt,
          state: o.state,
          warning: o.warning,
          remainingSeconds: o.remainingSeconds,
          elapsedSeconds: o.elapsedSeconds,
          targetSeconds: o.targetSeconds,
          priority: o.priority,
        };
      }
      return viewOf(
        t,
        f.pauses.some((p) => p.to === null),
        sla,
      );
    });
  }

  /**
   * A page of tickets, newest first, clocks evaluated now. The rows, their SLA facts and the total
   * depend on the data only, not on the time, so they are reused until a ticket changes (a list
   * polled by many screens then costs one SLA evaluation per request, not three queries). A page
   * is kept from its second request at one data version on.
   */
  list(filter: TicketFilter, limit: number, offset: number): { items: TicketView[]; total: number } {
    const version = this.repo.version;
    // Not kept: a customer filter reads sites, which change without a ticket write; and inside a
    // transaction a read may see writes that are rolled back later.
    const keep = filter.customerId === undefined && !this.repo.db.inTransaction;
    const key = JSON.stringify([filter, limit, offset]);
    let page = keep ? this.pages.get(key, version) : undefined;
    if (!page) {
      page = this.load(filter, limit, offset, keep);
      if (keep && page.tickets.length <= MAX_KEPT_PAGE && this.pages.missedBefore(key, version))
        this.pages.set(key, version, page);
    }
    return { items: this.views(page.tickets, page.facts), total: page.total };
  }

  private load(filter: TicketFilter, limit: number, offset: number, keep: boolean): PageData {
    const where: string[] = [];
    if (filter.state === 'live') where.push("state <> 'closed'");
    else if (filter.state) where.push('state = @state');
    if (filter.priority) where.push('priority = @priority');
    if (filter.siteId) where.push('site_id = @siteId');
    if (filter.condition) where.push('condition = @condition');
    if (filter.customerId !== undefined)
      where.push('site_id IN (SELECT id FROM sites WHERE customer_id = @customerId)');
    const params = { ...filter, limit, offset };
    const w = where.join(' AND ');
    const tickets = this.repo.select(w, params, 'ORDER BY id DESC LIMIT @limit OFFSET @offset');
    // Other pages of the same filter share the count.
    const version = this.repo.version;
    const countKey = JSON.stringify(filter);
    let total = keep ? this.counts.get(countKey, version) : undefined;
    if (total === undefined) {
      const sql = `SELECT COUNT(*) AS n FROM tickets ${w ? `WHERE ${w}` : ''}`;
      total = (prep(this.repo.db, sql).get(params) as { n: number }).n;
      if (keep) this.counts.set(countKey, version, total);
    }
    return { tickets, facts: this.repo.factsFor(tickets), total };
  }

  /** One ticket with pauses, priority history and timeline. */
  get(id: number): TicketDetail {
    const t = this.repo.get(id);
    if (!t) throw new NotFoundError(`ticket ${id} not found`);
    const [view] = this.views([t], this.repo.factsFor([t]));
    const priorities = prep(
      this.repo.db,
      'SELECT priority, at FROM ticket_priorities WHERE ticket_id = ? ORDER BY rowid',
    ).all(id) as { priority: Priority; at: number }[];
    return { ...view!, pauses: this.repo.pauses(id), priorities, timeline: this.repo.timeline(id) };
  }
}
