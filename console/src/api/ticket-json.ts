import type { z } from '@hono/zod-openapi';
import type { TicketDetail, TicketView } from '../tickets/ticket-queries.js';
import { iso } from './http-types.js';
import type { ticketSchema } from './schemas.js';

/**
 * A ticket in API JSON.
 * @example
 * const t: TicketJson = ticketJson(queries.get(7));
 */
export type TicketJson = z.infer<typeof ticketSchema>;

/**
 * A ticket view as API JSON (ISO instants).
 * @example
 * c.json(ticketJson(queries.get(7)));
 */
export function ticketJson(t: TicketView): TicketJson {
  const sla: Record<string, unknown> = {};
  // A literal in the key order of ObjectiveView (what a spread with dueAt replaced would give).
  for (const k in t.sla) {
    const o = t.sla[k] as TicketView['sla'][string];
    sla[k] = {
      dueAt: iso(o.dueAt),
      state: o.state,
      warning: o.warning,
      remainingSeconds: o.remainingSeconds,
      elapsedSeconds: o.elapsedSeconds,
      targetSeconds: o.targetSeconds,
      priority: o.priority,
    };
  }
  return {
    id: t.id,
    siteId: t.siteId,
    condition: t.condition as string,
    priority: t.priority,
    state: t.state,
    summary: t.summary,
    detectedAt: iso(t.detectedAt) as string,
    clearedAt: iso(t.clearedAt),
    acknowledgedAt: iso(t.acknowledgedAt),
    acknowledgedBy: t.acknowledgedBy,
    restoredAt: iso(t.restoredAt),
    resolvedAt: iso(t.resolvedAt),
    closedAt: iso(t.closedAt),
    closedBy: t.closedBy,
    paused: t.paused,
    timeCorrected: t.timeCorrected,
    clockOffsetMs: t.clockOffsetMs,
    reopenCount: t.reopenCount,
    planVersionId: t.planVersionId,
    sla: sla as TicketJson['sla'],
  };
}

/**
 * A ticket detail as API JSON.
 * @example
 * c.json(ticketDetailJson(queries.get(7)));
 */
export function ticketDetailJson(t: TicketDetail) {
  return {
    ...ticketJson(t),
    pauses: t.pauses.map((p) => ({
      reason: p.reason,
      note: p.note,
      pausedBy: p.pausedBy,
      from: iso(p.from) as string,
      to: iso(p.to),
      resumedBy: p.resumedBy,
    })),
    priorities: t.priorities.map((p) => ({ priority: p.priority, at: iso(p.at) as string })),
    timeline: t.timeline.map((e) => ({
      type: e.type,
      at: iso(e.at) as string,
      actor: e.actor,
      data: e.data,
    })),
  };
}
