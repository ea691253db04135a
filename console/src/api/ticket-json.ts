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
 * The `sla` member of a ticket's API JSON (ISO due instants).
 * @example
 * slaJson(queries.get(7).sla).response?.dueAt; // '2026-11-25T18:30:00.000Z'
 */
export function slaJson(clocks: TicketView['sla']): TicketJson['sla'] {
  const sla: TicketJson['sla'] = {};
  // A literal in the key order of ObjectiveView (what a spread with dueAt replaced would give).
  for (const k in clocks) {
    const o = clocks[k] as TicketView['sla'][string];
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
  return sla;
}

/** A ticket's API JSON with `sla` (always the last key) given. */
function withSla<S>(t: TicketView, sla: S): Omit<TicketJson, 'sla'> & { sla: S } {
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
    sla,
  };
}

/**
 * A ticket view as API JSON (ISO instants).
 * @example
 * c.json(ticketJson(queries.get(7)));
 */
export function ticketJson(t: TicketView): TicketJson {
  return withSla(t, slaJson(t.sla));
}

/**
 * The text of `JSON.stringify(ticketJson(t))` up to the value of `sla`, which comes last: append
 * the clocks' JSON and `}`. It depends on stored data only, not on the time.
 * @example
 * const text = `${ticketJsonHead(t)}${JSON.stringify(slaJson(t.sla))}}`; // = JSON.stringify(ticketJson(t))
 */
export function ticketJsonHead(t: TicketView): string {
  // `…,"sla":0}` without its last two characters.
  return JSON.stringify(withSla(t, 0)).slice(0, -2);
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
