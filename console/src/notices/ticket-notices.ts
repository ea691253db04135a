import type { Database } from 'better-sqlite3';
import { fromQueueRow, type QueuedNotice } from './queue.js';
import type { NoticeChannel, NoticeStage, NoticeStatus, RecipientKind } from './types.js';

/**
 * A ticket's notice and its delivery state, for the ticket page (bodies left out; see
 * {@link getQueuedNotice}).
 * @example
 * const n: TicketNotice = listTicketNotices(db, 42)[0]!;
 */
export interface TicketNotice {
  id: number;
  eventId: string;
  stage: NoticeStage;
  variant: string;
  recipientKind: RecipientKind;
  recipientId: number;
  recipientName: string;
  channel: NoticeChannel;
  address: string;
  subject: string;
  status: NoticeStatus;
  attempts: number;
  /** When the next attempt is due; null unless pending. */
  nextAttemptAt: number | null;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  messageId: string | null;
}

/**
 * Every notice of a ticket, oldest first, with its delivery state.
 * @example
 * for (const n of listTicketNotices(db, 42)) console.log(n.stage, n.recipientName, n.status);
 */
export function listTicketNotices(db: Database, ticketId: number): TicketNotice[] {
  const rows = db
    .prepare('SELECT * FROM notice_queue WHERE ticket_id = ? ORDER BY created_at, id')
    .all(ticketId) as Record<string, unknown>[];
  return rows.map((r) => {
    const {
      ticketId: _t,
      siteId: _s,
      customerId: _c,
      text: _x,
      html: _h,
      payload: _p,
      ...n
    } = fromQueueRow(r);
    return { ...n, nextAttemptAt: n.status === 'pending' ? n.nextAttemptAt : null };
  });
}

/**
 * One queued notice with its rendered subject, text, HTML and webhook body (a preview of exactly
 * what was or will be sent), or undefined.
 * @example
 * getQueuedNotice(db, 7)?.html;
 */
export function getQueuedNotice(db: Database, id: number): QueuedNotice | undefined {
  const r = db.prepare('SELECT * FROM notice_queue WHERE id = ?').get(id) as
    | Record<string, unknown>
    | undefined;
  return r && fromQueueRow(r);
}

/**
 * Puts a `failed-permanent` notice back in the queue, due at `now` with a fresh attempt budget (an
 * operator fixed the address or the receiver). Returns false if it was not failed. Call
 * `dispatcher.kick()` afterwards to send it at once.
 * @example
 * if (retryNotice(db, 7, Date.now())) dispatcher.kick();
 */
export function retryNotice(db: Database, id: number, now: number): boolean {
  return (
    db
      .prepare(
        `UPDATE notice_queue SET status = 'pending', attempts = 0, next_attempt_at = ?
         WHERE id = ? AND status = 'failed-permanent'`,
      )
      .run(now, id).changes === 1
  );
}
