import type { Database } from 'better-sqlite3';
import { prep } from '../store/statements.js';
import type { NoticeChannel, NoticeStage, NoticeStatus, RecipientKind } from './types.js';

/**
 * A notice to insert into the durable queue.
 * @example
 * enqueueNotice(db, { eventId: randomUUID(), ticketId: 42, ... }, now);
 */
export interface NewQueuedNotice {
  eventId: string;
  ticketId: number;
  siteId: string;
  customerId: number | null;
  stage: NoticeStage;
  variant: string;
  recipientKind: RecipientKind;
  recipientId: number;
  recipientName: string;
  channel: NoticeChannel;
  address: string;
  subject: string;
  text: string;
  html: string;
  payload: string;
}

/**
 * A queue row as the dispatcher and the ticket page see it.
 * @example
 * const n: QueuedNotice = claimDue(db, now, 10)[0]!;
 */
export interface QueuedNotice extends NewQueuedNotice {
  id: number;
  status: NoticeStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  messageId: string | null;
}

type Row = Record<string, unknown>;

/**
 * Maps a `notice_queue` row to a {@link QueuedNotice}.
 * @example
 * const n = fromQueueRow(prep(db, 'SELECT * FROM notice_queue WHERE id = ?').get(1) as Record<string, unknown>);
 */
export function fromQueueRow(r: Row): QueuedNotice {
  return {
    id: r.id as number,
    eventId: r.event_id as string,
    ticketId: r.ticket_id as number,
    siteId: r.site_id as string,
    customerId: r.customer_id as number | null,
    stage: r.stage as NoticeStage,
    variant: r.variant as string,
    recipientKind: r.recipient_kind as RecipientKind,
    recipientId: r.recipient_id as number,
    recipientName: r.recipient_name as string,
    channel: r.channel as NoticeChannel,
    address: r.address as string,
    subject: r.subject as string,
    text: r.text_body as string,
    html: r.html_body as string,
    payload: r.payload as string,
    status: r.status as NoticeStatus,
    attempts: r.attempts as number,
    nextAttemptAt: r.next_attempt_at as number,
    lastError: r.last_error as string | null,
    createdAt: r.created_at as number,
    sentAt: r.sent_at as number | null,
    messageId: r.message_id as string | null,
  };
}

/**
 * Queues a notice, due at once. Returns false, writing nothing, when the same ticket, stage,
 * variant, recipient and channel is already queued: the UNIQUE key makes a repeated event harmless.
 * @example
 * if (enqueueNotice(db, n, ctx.event.at)) queued++;
 */
export function enqueueNotice(db: Database, n: NewQueuedNotice, now: number): boolean {
  const info = prep(
    db,
    `INSERT INTO notice_queue (event_id, ticket_id, site_id, customer_id, stage, variant, recipient_kind,
         recipient_id, recipient_name, channel, address, subject, text_body, html_body, payload,
         next_attempt_at, created_at)
       VALUES (@eventId, @ticketId, @siteId, @customerId, @stage, @variant, @recipientKind,
         @recipientId, @recipientName, @channel, @address, @subject, @text, @html, @payload, @now, @now)
       ON CONFLICT (ticket_id, stage, variant, recipient_kind, recipient_id, channel) DO NOTHING`,
  ).run({ ...n, now });
  return info.changes === 1;
}

/**
 * Whether a notice with this key is already queued (any status), so that a repeated event skips
 * rendering; the UNIQUE key still decides in {@link enqueueNotice}.
 * @example
 * isQueued(db, { ticketId: 42, stage: 'opened', variant: '', recipientKind: 'contact', recipientId: 3, channel: 'email' });
 */
export function isQueued(
  db: Database,
  k: Pick<NewQueuedNotice, 'ticketId' | 'stage' | 'variant' | 'recipientKind' | 'recipientId' | 'channel'>,
): boolean {
  return (
    prep(
      db,
      `SELECT 1 FROM notice_queue WHERE ticket_id = @ticketId AND stage = @stage AND variant = @variant
           AND recipient_kind = @recipientKind AND recipient_id = @recipientId AND channel = @channel`,
    ).get({
      ticketId: k.ticketId,
      stage: k.stage,
      variant: k.variant,
      recipientKind: k.recipientKind,
      recipientId: k.recipientId,
      channel: k.channel,
    }) !== undefined
  );
}

/**
 * Whether this ticket's `opened` notice was queued for a recipient on a channel (any status).
 * @example
 * wasOpenedFor(db, 42, 'contact', 3, 'email');
 */
export function wasOpenedFor(
  db: Database,
  ticketId: number,
  kind: RecipientKind,
  recipientId: number,
  channel: NoticeChannel,
): boolean {
  return (
    prep(
      db,
      `SELECT 1 FROM notice_queue WHERE ticket_id = ? AND stage = 'opened' AND recipient_kind = ?
           AND recipient_id = ? AND channel = ?`,
    ).get(ticketId, kind, recipientId, channel) !== undefined
  );
}

/**
 * Claims up to `limit` due notices (pending, next attempt at or before `now`), oldest first: marks
 * them `sending` and counts the attempt before anything goes out, so a crash mid-send is visible.
 * @example
 * for (const n of claimDue(db, clock.now(), 10)) await send(n);
 */
export function claimDue(db: Database, now: number, limit: number): QueuedNotice[] {
  const rows = prep(
    db,
    `UPDATE notice_queue SET status = 'sending', attempts = attempts + 1
       WHERE id IN (SELECT id FROM notice_queue WHERE status = 'pending' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at, id LIMIT ?)
       RETURNING *`,
  ).all(now, limit) as Row[];
  return rows.map(fromQueueRow).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id);
}

/**
 * Puts notices left `sending` by a crash back to `pending`, due at once; returns how many. Only
 * safe while no dispatcher is sending (it runs in `start()`): one dispatcher per database.
 * @example
 * const n = recoverSending(db, clock.now());
 */
export function recoverSending(db: Database, now: number): number {
  return prep(
    db,
    `UPDATE notice_queue SET status = 'pending', next_attempt_at = ? WHERE status = 'sending'`,
  ).run(now).changes;
}

/**
 * Marks a notice delivered.
 * @example
 * markSent(db, n.id, clock.now(), '<uuid@pbxwatch>');
 */
export function markSent(db: Database, id: number, now: number, messageId: string): void {
  prep(
    db,
    `UPDATE notice_queue SET status = 'sent', sent_at = ?, message_id = ?, last_error = NULL WHERE id = ?`,
  ).run(now, messageId, id);
}

/**
 * Schedules another attempt after a transient failure.
 * @example
 * markRetry(db, n.id, now + 30_000, 'ECONNREFUSED');
 */
export function markRetry(db: Database, id: number, nextAttemptAt: number, error: string): void {
  prep(
    db,
    `UPDATE notice_queue SET status = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ?`,
  ).run(nextAttemptAt, error, id);
}

/**
 * Gives up on a notice (permanent error, or out of attempts).
 * @example
 * markFailed(db, n.id, 'HTTP 404');
 */
export function markFailed(db: Database, id: number, error: string): void {
  prep(db, `UPDATE notice_queue SET status = 'failed-permanent', last_error = ? WHERE id = ?`).run(error, id);
}

/**
 * When the earliest pending notice is due, or null when none is pending.
 * @example
 * const next = nextDueAt(db);
 */
export function nextDueAt(db: Database): number | null {
  const r = prep(db, `SELECT MIN(next_attempt_at) AS t FROM notice_queue WHERE status = 'pending'`).get() as {
    t: number | null;
  };
  return r.t;
}

/**
 * Pending (queued, not yet sent) notices per channel.
 * @example
 * pendingCounts(db).email;
 */
export function pendingCounts(db: Database): Record<NoticeChannel, number> {
  const rows = prep(
    db,
    `SELECT channel, COUNT(*) AS n FROM notice_queue WHERE status IN ('pending', 'sending') GROUP BY channel`,
  ).all() as { channel: NoticeChannel; n: number }[];
  const out: Record<NoticeChannel, number> = { email: 0, webhook: 0 };
  for (const r of rows) out[r.channel] = r.n;
  return out;
}
