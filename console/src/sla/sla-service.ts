import type { Logger } from 'pino';
import type { TicketRecord, TicketRepo } from '../tickets/ticket-repo.js';
import type { PlanStore } from './plan-store.js';
import type { ObjectiveStatus, SlaEngine, SlaFacts } from './sla-port.js';

/**
 * Computes a ticket's objective states from its stored facts and the plan version it opened under.
 * @example
 * const states = sla.evaluate(ticket, now); // [{ name: 'response', state: 'running', ... }]
 */
export class SlaService {
  constructor(
    private readonly engine: SlaEngine,
    private readonly plans: PlanStore,
    private readonly repo: TicketRepo,
    private readonly log: Logger,
    /** A site's time zone, asked only for plans whose hours are local to each site. */
    private readonly siteZone: (siteId: string) => string | undefined = () => undefined,
  ) {}

  /** The plan version's definition and, for a per-site plan, the ticket's site zone. */
  private plan(versionId: number, siteId: string): { def: unknown; zone?: string } {
    const def = this.plans.version(versionId);
    return this.engine.usesSiteZone(def) ? { def, zone: this.siteZone(siteId) } : { def };
  }

  /** Objective states of one ticket at `at`. */
  evaluate(ticket: TicketRecord, at: number, facts?: SlaFacts): ObjectiveStatus[] {
    if (ticket.planVersionId === null) return [];
    const f = facts ?? this.repo.factsFor([ticket]).get(ticket.id)!;
    try {
      const { def, zone } = this.plan(ticket.planVersionId, ticket.siteId);
      return this.engine.evaluate(def, f, at, zone);
    } catch (e) {
      // A plan the engine cannot evaluate must not break ingest or a list page: report no clocks.
      this.log.error({ err: e, ticketId: ticket.id }, 'sla evaluation failed');
      return [];
    }
  }

  /** The next instant a clock of this ticket changes state by time alone, or null. */
  nextChange(ticket: TicketRecord, at: number, facts?: SlaFacts): number | null {
    if (ticket.planVersionId === null) return null;
    const f = facts ?? this.repo.factsFor([ticket]).get(ticket.id)!;
    try {
      const { def, zone } = this.plan(ticket.planVersionId, ticket.siteId);
      return this.engine.nextChange(def, f, at, zone);
    } catch (e) {
      this.log.error({ err: e, ticketId: ticket.id }, 'sla next-change failed');
      return null;
    }
  }

  /** Objective states of many tickets (facts loaded in bulk). */
  evaluateMany(tickets: readonly TicketRecord[], at: number): Map<number, ObjectiveStatus[]> {
    const facts = this.repo.factsFor(tickets);
    const out = new Map<number, ObjectiveStatus[]>();
    for (const t of tickets) out.set(t.id, this.evaluate(t, at, facts.get(t.id)));
    return out;
  }
}
