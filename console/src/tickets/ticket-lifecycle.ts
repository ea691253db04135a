import { type Priority, priorityRank } from '@pbxwatch/core';
import type { Database } from 'better-sqlite3';
import { NotFoundError } from '../errors.js';
import type { PlanStore } from '../sla/plan-store.js';
import { prep } from '../store/statements.js';
import type { TicketEventBus } from './event-bus.js';
import type { MaintenanceStore } from './maintenance-store.js';
import type { TicketContextBuilder } from './ticket-context.js';
import type { TicketEventHook, TicketEventType } from './ticket-events.js';
import type { TicketRecord, TicketRepo } from './ticket-repo.js';

/**
 * Dependencies of {@link TicketService}.
 * @example
 * new TicketService({ db, repo, plans, maintenance, contexts, bus, hooks: [], now: Date.now, reopenWindowMs: 1_800_000, autoCloseAfterMs: 86_400_000 });
 */
export interface TicketServiceDeps {
  db: Database;
  repo: TicketRepo;
  plans: PlanStore;
  maintenance: MaintenanceStore;
  contexts: TicketContextBuilder;
  bus: TicketEventBus;
  hooks: TicketEventHook[];
  now: () => number;
  reopenWindowMs: number;
  autoCloseAfterMs: number;
  /** Called after any change that can move an SLA clock (the scheduler re-plans). */
  onChange?: (ticketId: number) => void;
}

/**
 * The machinery every ticket change shares: transactions, the timeline, hooks run inside the
 * transaction, live events after commit, priority upgrades, closing, auto-close and SLA marks.
 * {@link TicketService} adds the lifecycle rules on top.
 * @example
 * const t: TicketLifecycle = new TicketService(deps); t.autoClose();
 */
export class TicketLifecycle {
  constructor(protected readonly d: TicketServiceDeps) {}

  /** Registers a reaction run inside every ticket change's transaction (e.g. the notices hook). */
  addHook(hook: TicketEventHook): void {
    this.d.hooks.push(hook);
  }

  /** Sets the callback run after any change that can move an SLA clock. */
  set onChange(fn: ((ticketId: number) => void) | undefined) {
    this.d.onChange = fn;
  }

  /** Runs `fn` in a transaction (or the caller's); delivers staged live events after commit. */
  tx<T>(fn: () => T): T {
    // Nested in a caller's transaction (ingest gives each message a savepoint): just run, the
    // caller owns commit, rollback and the delivery of live events.
    if (this.d.db.inTransaction) return fn();
    const mark = this.d.bus.mark();
    try {
      const r = this.d.db.transaction(fn)();
      this.d.bus.flush();
      return r;
    } catch (e) {
      this.d.bus.rollbackTo(mark);
      throw e;
    }
  }

  protected emit(
    t: TicketRecord,
    type: TicketEventType,
    actor: string,
    at: number,
    data?: Record<string, unknown>,
    objective?: string,
  ) {
    const fresh = this.d.repo.get(t.id)!;
    this.d.repo.addTimeline(t.id, type, at, actor, objective ? { ...data, objective } : data);
    const ctx = this.d.contexts.build(
      fresh,
      { type, at, actor, ...(objective ? { objective } : {}) },
      this.d.now(),
    );
    for (const hook of this.d.hooks) hook(this.d.db, ctx);
    this.d.bus.stage(ctx);
    this.d.onChange?.(t.id);
  }

  /** Tells the live views (web UI, API event stream) of a change no notice or hook reacts to. */
  protected announce(t: TicketRecord, type: TicketEventType, actor: string, at: number) {
    this.d.bus.stage(this.d.contexts.build(t, { type, at, actor }, this.d.now()));
  }

  protected must(id: number): TicketRecord {
    const t = this.d.repo.get(id);
    if (!t) throw new NotFoundError(`ticket ${id} not found`);
    return t;
  }

  protected planVersionFor(siteId: string): number | null {
    const r = prep(this.d.db, 'SELECT plan_key AS k FROM sites WHERE id = ?').get(siteId) as
      | { k: string | null }
      | undefined;
    return r?.k ? this.d.plans.currentVersionId(r.k) : null;
  }

  protected upgrade(t: TicketRecord, p: Priority, at: number, actor: string): void {
    // P2 → P1 upgrades; P1 → P2 never downgrades (detection.md). Clocks keep the original start.
    if (priorityRank(p) >= priorityRank(t.priority)) return;
    this.d.repo.update(t.id, { priority: p, updatedAt: this.d.now() });
    this.d.repo.addPriority(t.id, p, at);
    this.emit(t, 'priority-raised', actor, at, { from: t.priority, to: p });
  }

  protected closeTicket(t: TicketRecord, actor: string, now: number, note?: string): void {
    const p = this.d.repo.openPause(t.id);
    if (p) this.d.repo.endPause(p.id, now, actor);
    const restored = t.restoredAt !== null;
    this.d.repo.update(t.id, {
      state: 'closed',
      closedAt: now,
      closedBy: actor,
      ...(restored ? {} : { restoredAt: now, resolvedAt: now, resolvedBy: actor }),
      updatedAt: now,
    });
    this.emit(t, 'closed', actor, now, note ? { note } : undefined);
  }

  /** Closes restored tickets quiet for the configured period; returns how many. */
  autoClose(): number {
    const now = this.d.now();
    const due = this.d.repo.select("state = 'restored' AND restored_at <= @cut", {
      cut: now - this.d.autoCloseAfterMs,
    });
    for (const t of due)
      this.tx(() => this.closeTicket(t, 'system', now, 'closed automatically after the quiet period'));
    return due.length;
  }

  /** The earliest instant at which a restored ticket becomes due for auto-close, or null. */
  nextAutoClose(): number | null {
    const r = prep(this.d.db, "SELECT MIN(restored_at) AS m FROM tickets WHERE state = 'restored'").get() as {
      m: number | null;
    };
    return r.m === null ? null : r.m + this.d.autoCloseAfterMs;
  }

  /** Records an SLA warning or breach once per ticket and objective; true if it was new. */
  markSla(id: number, objective: string, kind: 'warning' | 'breach', at: number): boolean {
    return this.tx(() => {
      const r = prep(
        this.d.db,
        'INSERT OR IGNORE INTO ticket_sla_marks (ticket_id, objective, kind, at) VALUES (?, ?, ?, ?)',
      ).run(id, objective, kind, at);
      if (r.changes === 0) return false;
      this.emit(
        this.must(id),
        kind === 'warning' ? 'sla-warning' : 'sla-breach',
        'system',
        at,
        undefined,
        objective,
      );
      return true;
    });
  }
}
