import type { Database, Statement } from 'better-sqlite3';
import type { SlaService } from '../sla/sla-service.js';
import type { MaintenanceStore } from './maintenance-store.js';
import type { TicketEventContext, TicketEventType } from './ticket-events.js';
import type { TicketRecord } from './ticket-repo.js';

/**
 * Builds the full {@link TicketEventContext} for a ticket event, so reactions never query tickets.
 * @example
 * const ctx = contexts.build(ticket, { type: 'opened', at, actor: 'agent' }, now);
 */
export class TicketContextBuilder {
  private readonly siteQ: Statement;

  constructor(
    db: Database,
    private readonly sla: SlaService,
    private readonly maintenance: MaintenanceStore,
  ) {
    this.siteQ = db.prepare(
      `SELECT s.id, s.name, s.time_zone AS timeZone, s.customer_id AS customerId, c.name AS customerName
       FROM sites s LEFT JOIN customers c ON c.id = s.customer_id WHERE s.id = ?`,
    );
  }

  /** The context of one event; objectives are evaluated at `now`. */
  build(
    t: TicketRecord,
    event: { type: TicketEventType; at: number; actor: string; objective?: string },
    now: number,
  ): TicketEventContext {
    const s = this.siteQ.get(t.siteId) as {
      id: string;
      name: string;
      timeZone: string;
      customerId: number | null;
      customerName: string | null;
    };
    return {
      event: { ...event },
      ticket: {
        id: t.id,
        siteId: t.siteId,
        condition: t.condition,
        priority: t.priority,
        state: t.state,
        detectedAt: t.detectedAt,
        clearedAt: t.clearedAt,
        summary: t.summary,
      },
      site: {
        id: s.id,
        name: s.name,
        timeZone: s.timeZone,
        customerId: s.customerId,
        inMaintenance: this.maintenance.activeAt(t.siteId, event.at),
      },
      customer: s.customerId === null ? null : { id: s.customerId, name: s.customerName ?? '' },
      objectives: this.sla.evaluate(t, now).map((o) => ({ name: o.name, dueAt: o.dueAt, state: o.state })),
    };
  }
}
