import type { Database } from 'better-sqlite3';
import type { SlaService } from '../sla/sla-service.js';
import { prep } from '../store/statements.js';
import type { TicketRepo } from '../tickets/ticket-repo.js';
import { clip, type Interval, subtract, total, union } from './intervals.js';

/**
 * Attainment of one customer, plan and priority in a period.
 * @example
 * const rows: AttainmentRow[] = reports.attainment(from, to);
 */
export interface AttainmentRow {
  customerId: number | null;
  customer: string | null;
  plan: string | null;
  priority: string;
  objective: string;
  due: number;
  met: number;
  breached: number;
  metPct: number | null;
  breachedPct: number | null;
  meanSeconds: number | null;
  p90Seconds: number | null;
}

/**
 * Availability of one site in a period; durations in seconds.
 * @example
 * const rows: AvailabilityRow[] = reports.availability(from, to, 'acme-hq');
 */
export interface AvailabilityRow {
  siteId: string;
  site: string;
  periodSeconds: number;
  maintenanceSeconds: number;
  unknownSeconds: number;
  downtimeSeconds: number;
  availabilityPct: number | null;
}

const pct = (n: number, d: number) => (d ? Math.round((1e4 * n) / d) / 100 : null);
function p90(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.9 * s.length) - 1)] as number;
}
// Objectives due in a period can belong to tickets opened long before (business days).
const LOOKBACK_MS = 120 * 86_400_000;

/**
 * SLA attainment and availability reports, recomputed from stored facts (sla-semantics.md §Reports).
 * @example
 * reports.attainment(Date.parse('2026-03-01'), Date.parse('2026-04-01'));
 */
export class ReportService {
  constructor(
    private readonly db: Database,
    private readonly repo: TicketRepo,
    private readonly sla: SlaService,
    private readonly now: () => number,
  ) {}

  /**
   * Objectives due in `[from, to)`, met / breached per customer, plan, priority and objective, with
   * mean and p90 of time to stop (respond, restore…) in the objective's own unit. Objectives still
   * running and not yet due are left out; ones running past due count as breached.
   */
  attainment(from: number, to: number, customerId?: number): AttainmentRow[] {
    const tickets = this.repo.select(
      `plan_version_id IS NOT NULL AND detected_at < @to AND detected_at >= @lookback
       ${customerId === undefined ? '' : 'AND site_id IN (SELECT id FROM sites WHERE customer_id = @customerId)'}`,
      { to, lookback: from - LOOKBACK_MS, customerId },
    );
    const meta = new Map(
      (
        prep(
          this.db,
          `SELECT s.id, s.customer_id AS customerId, c.name AS customer FROM sites s LEFT JOIN customers c ON c.id = s.customer_id`,
        ).all() as { id: string; customerId: number | null; customer: string | null }[]
      ).map((r) => [r.id, r]),
    );
    const planKey = new Map<number, string>();
    const groups = new Map<string, AttainmentRow & { times: number[] }>();
    const at = Math.min(this.now(), Math.max(to, this.now()));
    const states = this.sla.evaluateMany(tickets, at);
    for (const t of tickets) {
      const m = meta.get(t.siteId);
      if (!planKey.has(t.planVersionId!)) {
        const r = prep(this.db, 'SELECT plan_key AS k FROM plan_versions WHERE id = ?').get(
          t.planVersionId,
        ) as { k: string };
        planKey.set(t.planVersionId!, r.k);
      }
      for (const o of states.get(t.id) ?? []) {
        if (o.dueAt === null || o.dueAt < from || o.dueAt >= to) continue;
        if (o.state !== 'met' && o.state !== 'breached') continue;
        const key = [m?.customerId, planKey.get(t.planVersionId!), o.priority, o.name].join('|');
        let g = groups.get(key);
        if (!g) {
          g = {
            customerId: m?.customerId ?? null,
            customer: m?.customer ?? null,
            plan: planKey.get(t.planVersionId!) ?? null,
            priority: o.priority,
            objective: o.name,
            due: 0,
            met: 0,
            breached: 0,
            metPct: null,
            breachedPct: null,
            meanSeconds: null,
            p90Seconds: null,
            times: [],
          };
          groups.set(key, g);
        }
        g.due++;
        if (o.state === 'met') g.met++;
        else g.breached++;
        if (o.stoppedAt !== null) g.times.push(o.elapsedSeconds);
      }
    }
    return [...groups.values()]
      .map(({ times, ...g }) => ({
        ...g,
        metPct: pct(g.met, g.due),
        breachedPct: pct(g.breached, g.due),
        meanSeconds: times.length ? Math.round(times.reduce((a, b) => a + b, 0) / times.length) : null,
        p90Seconds: p90(times),
      }))
      .sort((a, b) =>
        `${a.customer}${a.plan}${a.priority}${a.objective}`.localeCompare(
          `${b.customer}${b.plan}${b.priority}${b.objective}`,
        ),
      );
  }

  /**
   * Availability per site in `[from, to)`: downtime is the time any ticket was at P1 until restored,
   * maintenance windows are excluded, and time the agent was offline (nothing known) is reported
   * apart as unknown and left out of the measured time.
   */
  availability(from: number, to: number, siteId?: string): AvailabilityRow[] {
    const end = Math.min(to, this.now());
    const sites = prep(this.db, `SELECT id, name FROM sites ${siteId ? 'WHERE id = ?' : ''} ORDER BY id`).all(
      ...(siteId ? [siteId] : []),
    ) as { id: string; name: string }[];
    return sites.map((s) => {
      const maint = clip(
        (
          prep(
            this.db,
            'SELECT starts_at AS a, ends_at AS b FROM maintenance_windows WHERE site_id = ? AND ends_at > ? AND starts_at < ?',
          ).all(s.id, from, end) as { a: number; b: number }[]
        ).map((r): Interval => [r.a, r.b]),
        from,
        end,
      );
      const tickets = this.repo.select(
        'site_id = @siteId AND detected_at < @end AND (restored_at IS NULL OR restored_at > @from)',
        {
          siteId: s.id,
          end,
          from,
        },
      );
      const down: Interval[] = [];
      const offline: Interval[] = [];
      for (const t of tickets) {
        const stop = t.restoredAt ?? t.closedAt ?? end;
        if (t.condition === 'agent-offline') {
          offline.push([t.detectedAt, stop]);
          continue;
        }
        const p1 = prep(
          this.db,
          "SELECT MIN(at) AS at FROM ticket_priorities WHERE ticket_id = ? AND priority = 'P1'",
        ).get(t.id) as { at: number | null };
        if (p1.at !== null) down.push([Math.max(t.detectedAt, Math.min(p1.at, stop)), stop]);
      }
      const downtime = subtract(clip(union(down), from, end), maint);
      const unknown = subtract(subtract(clip(union(offline), from, end), maint), downtime);
      const period = Math.max(0, end - from);
      const measured = period - total(maint) - total(unknown);
      return {
        siteId: s.id,
        site: s.name,
        periodSeconds: Math.round(period / 1000),
        maintenanceSeconds: Math.round(total(maint) / 1000),
        unknownSeconds: Math.round(total(unknown) / 1000),
        downtimeSeconds: Math.round(total(downtime) / 1000),
        availabilityPct: measured > 0 ? pct(measured - total(downtime), measured) : null,
      };
    });
  }
}
