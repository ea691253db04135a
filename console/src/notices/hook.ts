import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import pino, { type Logger } from 'pino';
import type { TicketEventContext, TicketEventHook } from '../tickets/ticket-events.js';
import { webhookPayload } from './notice-payload.js';
import { noticeVars } from './notice-vars.js';
import { enqueueNotice, isQueued, wasOpenedFor } from './queue.js';
import { selectRecipients } from './recipient-store.js';
import { effectiveTemplate, renderNotice } from './render.js';
import { planNotices } from './rules.js';

/**
 * Options of {@link createNoticeHook}.
 * @example
 * const o: NoticeHookOptions = { logger, onQueued: () => dispatcher.kick() };
 */
export interface NoticeHookOptions {
  /** pino logger; a silent one by default. */
  logger?: Logger;
  /**
   * Called with the number of notices queued (> 0), still inside the caller's transaction.
   * `NoticeDispatcher.kick()` is safe here: it defers its work to a timer, after the commit.
   */
  onQueued?: (count: number) => void;
  /** Event ids (the idempotency key of a delivery); random UUIDs by default. */
  newId?: () => string;
}

function enqueueAll(db: Database, ctx: TicketEventContext, newId: () => string): number {
  const customerId = ctx.site.customerId ?? ctx.customer?.id ?? null;
  const contacts =
    customerId === null ? [] : selectRecipients(db, 'contact', { customerId, enabledOnly: true });
  const noc = selectRecipients(db, 'noc', { enabledOnly: true });
  const plan = planNotices(ctx, { contacts, noc }, (r, ch) =>
    wasOpenedFor(db, ctx.ticket.id, r.kind, r.id, ch),
  );
  let queued = 0;
  for (const p of plan) {
    const key = {
      ticketId: ctx.ticket.id,
      stage: p.stage,
      variant: p.variant,
      recipientKind: p.recipient.kind,
      recipientId: p.recipient.id,
      channel: p.channel,
    };
    if (isQueued(db, key)) continue;
    const template = effectiveTemplate(db, p.stage, p.recipient.kind === 'contact' ? customerId : null);
    const vars = noticeVars(ctx, { locale: p.recipient.locale, timeFormat: p.recipient.timeFormat });
    const notice = renderNotice(template, vars);
    const eventId = newId();
    const inserted = enqueueNotice(
      db,
      {
        ...key,
        eventId,
        siteId: ctx.site.id,
        customerId,
        recipientName: p.recipient.name,
        address: p.address,
        ...notice,
        payload: webhookPayload(eventId, p.stage, ctx, notice),
      },
      ctx.event.at,
    );
    if (inserted) queued++;
  }
  return queued;
}

/**
 * Makes the ticket-event hook of the notices module. It runs synchronously inside the ticket
 * service's transaction and queues one row per (ticket, stage, recipient, channel) with the notice
 * already rendered, so the notice commits or rolls back with the ticket change.
 *
 * It never throws: its writes run in a savepoint (a nested better-sqlite3 transaction); on any
 * error they roll back alone, the error is logged, and the ticket change still commits. A ticket
 * must open even if, say, a template is broken.
 * @example
 * const hook = createNoticeHook({ logger, onQueued: () => dispatcher.kick() });
 * ticketService.addHook(hook);
 */
export function createNoticeHook(options: NoticeHookOptions = {}): TicketEventHook {
  const log = options.logger ?? pino({ level: 'silent' });
  const newId = options.newId ?? randomUUID;
  return (db, ctx) => {
    let queued = 0;
    try {
      queued = db.transaction(() => enqueueAll(db, ctx, newId))();
    } catch (err) {
      log.error({ err, ticketId: ctx.ticket.id, event: ctx.event.type }, 'notices: could not queue notices');
      return;
    }
    if (queued > 0) {
      log.info({ ticketId: ctx.ticket.id, event: ctx.event.type, queued }, 'notices: queued');
      try {
        options.onQueued?.(queued);
      } catch (err) {
        log.error({ err }, 'notices: onQueued callback failed');
      }
    }
  };
}

/**
 * The hook with default options (silent logger, no kick): the dispatcher finds the rows on its
 * next poll. Prefer {@link createNoticeHook} with `onQueued: () => dispatcher.kick()`.
 * @example
 * ticketService.addHook(noticeHook);
 */
export const noticeHook: TicketEventHook = createNoticeHook();
