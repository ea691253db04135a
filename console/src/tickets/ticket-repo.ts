import type { Condition, Priority } from '@pbxwatch/core';
import type { Database, Statement } from 'better-sqlite3';
import type { SlaFacts } from '../sla/sla-port.js';
import { prep } from '../store/statements.js';
import { TICKET_SELECT, ticketFromRow, ticketOrNull } from './ticket-row.js';

/**
 * Lifecycle states of a ticket.
 * @example
 * const s: TicketState = 'acknowledged';
 */
export type TicketState = 'open' | 'acknowledged' | 'restored' | 'closed';

/**
 * A ticket as stored; times epoch ms.
 * @example
 * const t: TicketRecord | null = repo.get(7);
 */
export interface TicketRecord {
  id: number;
  siteId: string;
  condition: Condition | 'manual';
  priority: Priority;
  state: TicketState;
  summary: string;
  detectedAt: number;
  clearedAt: number | null;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  restoredAt: number | null;
  resolvedAt: number | null;
  resolvedBy: string | null;
  closedAt: number | null;
  closedBy: string | null;
  planVersionId: number | null;
  timeCorrected: boolean;
  clockOffsetMs: number | null;
  reopenCount: number;
  createdAt: number;
  updatedAt: number;
}

/**
 * One pause of a ticket's clocks.
 * @example
 * const p: PauseRecord | null = repo.openPause(7);
 */
export interface PauseRecord {
  id: number;
  ticketId: number;
  reason: string;
  note: string | null;
  pausedBy: string;
  from: number;
  to: number | null;
  resumedBy: string | null;
}

/**
 * One timeline entry.
 * @example
 * const entries: TimelineEntry[] = repo.timeline(7);
 */
export interface TimelineEntry {
  id: number;
  ticketId: number;
  type: string;
  at: number;
  actor: string;
  data: Record<string, unknown> | null;
}

const COLUMN: Record<string, string> = {
  priority: 'priority',
  state: 'state',
  summary: 'summary',
  detectedAt: 'detected_at',
  clearedAt: 'cleared_at',
  acknowledgedAt: 'acknowledged_at',
  acknowledgedBy: 'acknowledged_by',
  restoredAt: 'restored_at',
  resolvedAt: 'resolved_at',
  resolvedBy: 'resolved_by',
  closedAt: 'closed_at',
  closedBy: 'closed_by',
  timeCorrected: 'time_corrected',
  clockOffsetMs: 'clock_offset_ms',
  reopenCount: 'reopen_count',
  updatedAt: 'updated_at',
};

/**
 * SQL of the ticket tables; no lifecycle rules (those are in {@link TicketService}).
 * @example
 * const repo = new TicketRepo(db);
 * repo.findLive('acme-hq', 'pbx-down');
 */
export class TicketRepo {
  private readonly st: Record<string, Statement>;
  /** Raw-mode statements of {@link select}, by SQL (kept apart from `prep`'s shared object-mode ones). */
  private readonly rawSelects = new Map<string, Statement>();
  private changes = 0;

  /** A counter bumped by every write to ticket tables (read caches key on it). */
  get version(): number {
    return this.changes;
  }

  constructor(readonly db: Database) {
    this.st = {
      get: db.prepare(`${TICKET_SELECT} WHERE id = ?`).raw(true),
      live: db
        .prepare(`${TICKET_SELECT} WHERE site_id = ? AND condition = ? AND state <> 'closed'`)
        .raw(true),
      latest: db
        .prepare(`${TICKET_SELECT} WHERE site_id = ? AND condition = ? ORDER BY id DESC LIMIT 1`)
        .raw(true),
      timeline: prep(
        db,
        'INSERT INTO ticket_timeline (ticket_id, type, at, actor, data) VALUES (?, ?, ?, ?, ?)',
      ),
      prio: prep(db, 'INSERT INTO ticket_priorities (ticket_id, priority, at) VALUES (?, ?, ?)'),
      pagePriorities: db
        .prepare(
          'SELECT ticket_id, priority, at FROM ticket_priorities WHERE ticket_id IN (SELECT value FROM json_each(?)) ORDER BY rowid',
        )
        .raw(true),
      openPause: prep(
        db,
        'SELECT id, ticket_id AS ticketId, reason, note, paused_by AS pausedBy, from_at AS "from", to_at AS "to", resumed_by AS resumedBy FROM ticket_pauses WHERE ticket_id = ? AND to_at IS NULL',
      ),
    };
  }

  /** A ticket or null. */
  get(id: number): TicketRecord | null {
    return ticketOrNull(this.st.get!.get(id));
  }

  /** The ticket of a site and condition that is not closed, or null. */
  findLive(siteId: string, condition: string): TicketRecord | null {
    return ticketOrNull(this.st.live!.get(siteId, condition));
  }

  /** The newest ticket of a site and condition, whatever its state. */
  findLatest(siteId: string, condition: string): TicketRecord | null {
    return ticketOrNull(this.st.latest!.get(siteId, condition));
  }

  /** Tickets by a WHERE clause with named parameters (for lists and reports). */
  select(where: string, params: Record<string, unknown>, tail = ''): TicketRecord[] {
    const sql = `${TICKET_SELECT} ${where ? `WHERE ${where}` : ''} ${tail}`;
    let st = this.rawSelects.get(sql);
    if (!st) {
      st = this.db.prepare(sql).raw(true);
      this.rawSelects.set(sql, st);
    }
    return (st.all(params) as unknown[][]).map(ticketFromRow);
  }

  /** Inserts a ticket with its first priority-history entry; returns its id. */
  insert(t: Omit<TicketRecord, 'id' | 'reopenCount' | 'updatedAt'>): number {
    this.changes++;
    const r = prep(
      this.db,
      `INSERT INTO tickets (site_id, condition, priority, state, summary, detected_at, cleared_at, acknowledged_at,
         acknowledged_by, restored_at, resolved_at, resolved_by, closed_at, closed_by, plan_version_id, time_corrected,
         clock_offset_ms, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      t.siteId,
      t.condition,
      t.priority,
      t.state,
      t.summary,
      t.detectedAt,
      t.clearedAt,
      t.acknowledgedAt,
      t.acknowledgedBy,
      t.restoredAt,
      t.resolvedAt,
      t.resolvedBy,
      t.closedAt,
      t.closedBy,
      t.planVersionId,
      t.timeCorrected ? 1 : 0,
      t.clockOffsetMs,
      t.createdAt,
      t.createdAt,
    );
    const id = Number(r.lastInsertRowid);
    this.st.prio!.run(id, t.priority, t.detectedAt);
    return id;
  }

  /** Updates the given fields. */
  update(id: number, patch: Partial<TicketRecord>): void {
    this.changes++;
    const keys = Object.keys(patch).filter((k) => COLUMN[k]);
    if (!keys.length) return;
    const values = keys.map((k) => {
      const v = patch[k as keyof TicketRecord];
      return typeof v === 'boolean' ? (v ? 1 : 0) : v;
    });
    prep(this.db, `UPDATE tickets SET ${keys.map((k) => `${COLUMN[k]} = ?`).join(', ')} WHERE id = ?`).run(
      ...values,
      id,
    );
  }

  /** Appends a priority change to the history. */
  addPriority(id: number, priority: Priority, at: number): void {
    this.changes++;
    this.st.prio!.run(id, priority, at);
  }

  /** Appends a timeline entry. */
  addTimeline(id: number, type: string, at: number, actor: string, data?: Record<string, unknown>): void {
    this.changes++;
    this.st.timeline!.run(id, type, at, actor, data ? JSON.stringify(data) : null);
  }

  /** A ticket's timeline, oldest first. */
  timeline(id: number): TimelineEntry[] {
    return (
      prep(
        this.db,
        'SELECT id, ticket_id AS ticketId, type, at, actor, data FROM ticket_timeline WHERE ticket_id = ? ORDER BY id',
      ).all(id) as (Omit<TimelineEntry, 'data'> & { data: string | null })[]
    ).map((e) => ({ ...e, data: e.data ? JSON.parse(e.data) : null }));
  }

  /** The running pause of a ticket, or null. */
  openPause(id: number): PauseRecord | null {
    return (this.st.openPause!.get(id) as PauseRecord | undefined) ?? null;
  }

  /** Starts a pause. */
  addPause(id: number, p: { reason: string; note: string | null; by: string; from: number }): void {
    this.changes++;
    prep(
      this.db,
      'INSERT INTO ticket_pauses (ticket_id, reason, note, paused_by, from_at) VALUES (?, ?, ?, ?, ?)',
    ).run(id, p.reason, p.note, p.by, p.from);
  }

  /** Ends the running pause. */
  endPause(pauseId: number, to: number, by: string): void {
    this.changes++;
    prep(this.db, 'UPDATE ticket_pauses SET to_at = ?, resumed_by = ? WHERE id = ?').run(to, by, pauseId);
  }

  /** Every pause of a ticket. */
  pauses(id: number): PauseRecord[] {
    return prep(
      this.db,
      'SELECT id, ticket_id AS ticketId, reason, note, paused_by AS pausedBy, from_at AS "from", to_at AS "to", resumed_by AS resumedBy FROM ticket_pauses WHERE ticket_id = ? ORDER BY id',
    ).all(id) as PauseRecord[];
  }

  /** SLA facts of many tickets at once (two queries, for list pages). */
  factsFor(tickets: readonly TicketRecord[]): Map<number, SlaFacts> {
    const out = new Map<number, SlaFacts>();
    if (!tickets.length) return out;
    for (const t of tickets) {
      out.set(t.id, {
        detectedAt: t.detectedAt,
        priorities: [],
        pauses: [],
        respondedAt: t.acknowledgedAt,
        restoredAt: t.clearedAt,
        resolvedAt: t.resolvedAt,
      });
    }
    if (tickets.length === 1) {
      // One ticket (every ticket change, every scheduler wake): plain indexed lookups.
      const t = tickets[0] as TicketRecord;
      const f = out.get(t.id) as SlaFacts;
      f.priorities = prep(
        this.db,
        'SELECT priority, at FROM ticket_priorities WHERE ticket_id = ? ORDER BY rowid',
      ).all(t.id) as { priority: Priority; at: number }[];
      f.pauses = prep(
        this.db,
        'SELECT from_at AS "from", to_at AS "to" FROM ticket_pauses WHERE ticket_id = ? ORDER BY id',
      ).all(t.id) as { from: number; to: number | null }[];
      return out;
    }
    const ids = JSON.stringify(tickets.map((t) => t.id));
    // Raw rows (arrays): a page has a priority row per ticket at least, and arrays convert faster.
    const prios = this.st.pagePriorities!.all(ids) as [number, Priority, number][];
    for (const [id, priority, at] of prios) out.get(id)?.priorities.push({ priority, at });
    const pauses = prep(
      this.db,
      'SELECT ticket_id AS id, from_at AS "from", to_at AS "to" FROM ticket_pauses WHERE ticket_id IN (SELECT value FROM json_each(?)) ORDER BY id',
    ).all(ids) as { id: number; from: number; to: number | null }[];
    for (const p of pauses) out.get(p.id)?.pauses.push({ from: p.from, to: p.to });
    return out;
  }
}
