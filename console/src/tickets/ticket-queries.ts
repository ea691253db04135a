import type { Priority } from '@pbxwatch/core';
import { NotFoundError } from '../errors.js';
import type { ObjectiveStatus } from '../sla/sla-port.js';
import type { SlaService } from '../sla/sla-service.js';
import { prep } from '../store/statements.js';
import type { PauseRecord, TicketRecord, TicketRepo, TicketState, TimelineEntry } from './ticket-repo.js';

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
  private readonly counts = new Map<string, number>();
  private countsVersion = -1;

  constructor(
    private readonly repo: TicketRepo,
    private readonly sla: SlaService,
    private readonly now: () => number,
  ) {}

  private views(tickets: TicketRecord[]): TicketView[] {
    const at = this.now();
    const facts = this.repo.factsFor(tickets);
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

  /** A page of tickets, newest first. */
  list(filter: TicketFilter, limit: number, offset: number): { items: TicketView[]; total: number } {
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
    const items = this.repo.select(w, params, 'ORDER BY id DESC LIMIT @limit OFFSET @offset');
    // A count does not depend on the time, only on the data: reuse it until a ticket changes.
    if (this.countsVersion !== this.repo.version) {
      this.counts.clear();
      this.countsVersion = this.repo.version;
    }
    const countKey = JSON.stringify(filter);
    let total = this.counts.get(countKey);
    if (total === undefined) {
      const sql = `SELECT COUNT(*) AS n FROM tickets ${w ? `WHERE ${w}` : ''}`;
      total = (prep(this.repo.db, sql).get(params) as { n: number }).n;
      if (this.counts.size > 500) this.counts.clear();
      this.counts.set(countKey, total);
    }
    return { items: this.views(items), total };
  }

  /** One ticket with pauses, priority history and timeline. */
  get(id: number): TicketDetail {
    const t = this.repo.get(id);
    if (!t) throw new NotFoundError(`ticket ${id} not found`);
    const [view] = this.views([t]);
    const priorities = prep(
      this.repo.db,
      'SELECT priority, at FROM ticket_priorities WHERE ticket_id = ? ORDER BY rowid',
    ).all(id) as { priority: Priority; at: number }[];
    return { ...view!, pauses: this.repo.pauses(id), priorities, timeline: this.repo.timeline(id) };
  }
}
