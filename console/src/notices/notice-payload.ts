import type { TicketEventContext } from '../tickets/ticket-events.js';
import type { RenderedNotice } from './render.js';
import type { NoticeStage } from './types.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The JSON body of a webhook delivery (version 1), built when the notice is queued so that the
 * bytes signed and sent on every attempt are the same. `id` is the idempotency key: the same value
 * as the `X-Pbxwatch-Event-Id` header.
 * @example
 * const body = webhookPayload('3f0c…', 'opened', ctx, rendered);
 */
export function webhookPayload(
  eventId: string,
  stage: NoticeStage,
  ctx: TicketEventContext,
  notice: RenderedNotice,
): string {
  return JSON.stringify({
    version: 1,
    id: eventId,
    type: `ticket.${stage}`,
    occurredAt: iso(ctx.event.at),
    objective: ctx.event.objective ?? null,
    ticket: {
      id: ctx.ticket.id,
      priority: ctx.ticket.priority,
      condition: ctx.ticket.condition,
      state: ctx.ticket.state,
      summary: ctx.ticket.summary,
      detectedAt: iso(ctx.ticket.detectedAt),
      clearedAt: iso(ctx.ticket.clearedAt),
    },
    site: { id: ctx.site.id, name: ctx.site.name, timeZone: ctx.site.timeZone },
    customer: ctx.customer,
    objectives: ctx.objectives.map((o) => ({ name: o.name, dueAt: iso(o.dueAt), state: o.state })),
    notice: { subject: notice.subject, text: notice.text },
  });
}
