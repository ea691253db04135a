import { type Condition, INHIBITED_BY_PBX_DOWN, type Priority } from '@pbxwatch/core';
import { ConflictError, NotFoundError } from '../errors.js';
import { prep } from '../store/statements.js';
import { decideRaise } from './reopen.js';
import { TicketLifecycle } from './ticket-lifecycle.js';
import type { TicketRecord } from './ticket-repo.js';

export type { TicketServiceDeps } from './ticket-lifecycle.js';

/**
 * A condition change as the ingest hands it over, times already corrected to console time.
 * @example
 * tickets.applyCondition({ siteId, condition: 'pbx-down', change: 'raised', priority: 'P1', at, detectedAt: at, summary, timeCorrected: false, offsetMs: null, actor: 'agent:acme-hq' });
 */
export interface ConditionChangeInput {
  siteId: string;
  condition: Condition;
  change: 'raised' | 'updated' | 'cleared';
  priority: Priority;
  at: number;
  detectedAt: number;
  summary: string;
  timeCorrected: boolean;
  offsetMs: number | null;
  actor: string;
}

/**
 * What a condition change did: the ticket it touched, or why none.
 * @example
 * const out: ConditionOutcome = tickets.applyCondition(change); if (out.ticketId === null) log.info(out.action);
 */
export type ConditionOutcome =
  | { ticketId: number; action: 'opened' | 'reopened' | 'updated' | 'restored' | 'none' }
  | { ticketId: null; action: 'maintenance' | 'inhibited' | 'no-ticket' };

/**
 * The ticket lifecycle: open → acknowledged → restored → closed, with reopen, upgrade, pauses and
 * notes. Every change writes a timeline row and runs the hooks inside the same transaction; live
 * listeners get the event after commit. Methods nest inside a caller's transaction (savepoints).
 * @example
 * const t = tickets.acknowledge(7, 'alice');
 */
export class TicketService extends TicketLifecycle {
  /** Applies one condition change from a site; call inside the ingest transaction. */
  applyCondition(c: ConditionChangeInput): ConditionOutcome {
    return this.tx(() => (c.change === 'cleared' ? this.cleared(c) : this.raised(c)));
  }

  private raised(c: ConditionChangeInput): ConditionOutcome {
    const live = this.d.repo.findLive(c.siteId, c.condition);
    if (c.change === 'updated' && live && (live.state === 'open' || live.state === 'acknowledged')) {
      this.d.repo.update(live.id, { summary: c.summary, updatedAt: this.d.now() });
      this.upgrade(live, c.priority, c.at, c.actor);
      return { ticketId: live.id, action: 'updated' };
    }
    if (this.d.maintenance.activeAt(c.siteId, c.detectedAt)) return { ticketId: null, action: 'maintenance' };
    if (INHIBITED_BY_PBX_DOWN.has(c.condition)) {
      const pbx = this.d.repo.findLive(c.siteId, 'pbx-down');
      if (pbx && (pbx.state === 'open' || pbx.state === 'acknowledged'))
        return { ticketId: null, action: 'inhibited' };
    }
    const decision = decideRaise(
      live ?? this.d.repo.findLatest(c.siteId, c.condition),
      c.detectedAt,
      this.d.reopenWindowMs,
    );
    const now = this.d.now();
    if (decision.kind === 'update') {
      this.d.repo.update(decision.ticket.id, { summary: c.summary, updatedAt: now });
      this.upgrade(decision.ticket, c.priority, c.at, c.actor);
      return { ticketId: decision.ticket.id, action: 'updated' };
    }
    if (decision.kind === 'reopen') {
      const t = decision.ticket;
      this.d.repo.update(t.id, {
        state: t.acknowledgedAt === null ? 'open' : 'acknowledged',
        clearedAt: null,
        restoredAt: null,
        resolvedAt: null,
        resolvedBy: null,
        closedAt: null,
        closedBy: null,
        summary: c.summary,
        reopenCount: t.reopenCount + 1,
        updatedAt: now,
      });
      this.emit(t, 'reopened', c.actor, c.detectedAt);
      this.upgrade(this.d.repo.get(t.id)!, c.priority, c.at, c.actor);
      return { ticketId: t.id, action: 'reopened' };
    }
    if (decision.kind === 'replace')
      this.closeTicket(decision.ticket, 'system', now, 'superseded by a new occurrence');
    const id = this.d.repo.insert({
      siteId: c.siteId,
      condition: c.condition,
      priority: c.priority,
      state: 'open',
      summary: c.summary,
      detectedAt: c.detectedAt,
      clearedAt: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
      restoredAt: null,
      resolvedAt: null,
      resolvedBy: null,
      closedAt: null,
      closedBy: null,
      planVersionId: this.planVersionFor(c.siteId),
      timeCorrected: c.timeCorrected,
      clockOffsetMs: c.offsetMs,
      createdAt: now,
    });
    this.emit(
      this.d.repo.get(id)!,
      'opened',
      c.actor,
      c.detectedAt,
      c.timeCorrected ? { clockOffsetMs: c.offsetMs } : undefined,
    );
    return { ticketId: id, action: 'opened' };
  }

  private cleared(c: ConditionChangeInput): ConditionOutcome {
    const t = this.d.repo.findLive(c.siteId, c.condition);
    if (!t) return { ticketId: null, action: 'no-ticket' };
    if (t.state === 'restored') {
      if (t.clearedAt === null) this.d.repo.update(t.id, { clearedAt: c.at, updatedAt: this.d.now() });
      return { ticketId: t.id, action: 'none' };
    }
    this.d.repo.update(t.id, {
      state: 'restored',
      clearedAt: c.at,
      restoredAt: c.at,
      updatedAt: this.d.now(),
    });
    this.emit(t, 'restored', c.actor, c.at);
    return { ticketId: t.id, action: 'restored' };
  }

  /** First acknowledgement by a person: stops the response clock. */
  acknowledge(id: number, actor: string): TicketRecord {
    return this.tx(() => {
      const t = this.must(id);
      if (t.state === 'closed') throw new ConflictError(`ticket ${id} is closed`);
      if (t.acknowledgedAt !== null)
        throw new ConflictError(`ticket ${id} was already acknowledged by ${t.acknowledgedBy}`);
      const now = this.d.now();
      this.d.repo.update(id, {
        state: t.state === 'open' ? 'acknowledged' : t.state,
        acknowledgedAt: now,
        acknowledgedBy: actor,
        updatedAt: now,
      });
      this.emit(t, 'acknowledged', actor, now);
      return this.must(id);
    });
  }

  /** Pauses every clock, e.g. `customer-access` when the customer denies access to equipment. */
  pause(id: number, input: { reason: string; note?: string | null }, actor: string): TicketRecord {
    return this.tx(() => {
      const t = this.must(id);
      if (t.state === 'closed') throw new ConflictError(`ticket ${id} is closed`);
      if (this.d.repo.openPause(id)) throw new ConflictError(`ticket ${id} is already paused`);
      const now = this.d.now();
      this.d.repo.addPause(id, { reason: input.reason, note: input.note ?? null, by: actor, from: now });
      this.d.repo.update(id, { updatedAt: now });
      this.emit(t, 'paused', actor, now, { reason: input.reason, note: input.note ?? null });
      return this.must(id);
    });
  }

  /** Ends the running pause. */
  resume(id: number, actor: string): TicketRecord {
    return this.tx(() => {
      const t = this.must(id);
      const p = this.d.repo.openPause(id);
      if (!p) throw new ConflictError(`ticket ${id} is not paused`);
      const now = this.d.now();
      this.d.repo.endPause(p.id, now, actor);
      this.d.repo.update(id, { updatedAt: now });
      this.emit(t, 'resumed', actor, now, { pausedFor: now - p.from });
      return this.must(id);
    });
  }

  /** Marks service restored by hand: stops the resolution clock. */
  resolve(id: number, actor: string, note?: string): TicketRecord {
    return this.tx(() => {
      const t = this.must(id);
      if (t.state === 'restored' || t.state === 'closed')
        throw new ConflictError(`ticket ${id} is already ${t.state}`);
      const now = this.d.now();
      this.d.repo.update(id, {
        state: 'restored',
        restoredAt: now,
        resolvedAt: now,
        resolvedBy: actor,
        updatedAt: now,
      });
      this.emit(t, 'resolved', actor, now, note ? { note } : undefined);
      return this.must(id);
    });
  }

  /** Closes a ticket by hand (resolving it first if it was not restored). */
  close(id: number, actor: string, note?: string): TicketRecord {
    return this.tx(() => {
      const t = this.must(id);
      if (t.state === 'closed') throw new ConflictError(`ticket ${id} is already closed`);
      this.closeTicket(t, actor, this.d.now(), note);
      return this.must(id);
    });
  }

  /** Adds a note to the timeline. */
  note(id: number, actor: string, text: string): void {
    this.tx(() => {
      const t = this.must(id);
      const at = this.d.now();
      this.d.repo.addTimeline(id, 'note', at, actor, { text });
      this.announce(t, 'note', actor, at);
    });
  }

  /** Opens a ticket by hand (condition `manual`), e.g. for a phone call from the customer. */
  createManual(
    input: { siteId: string; priority: Priority; summary: string; detectedAt?: number },
    actor: string,
  ): TicketRecord {
    return this.tx(() => {
      if (!prep(this.d.db, 'SELECT 1 FROM sites WHERE id = ?').get(input.siteId)) {
        throw new NotFoundError(`site ${input.siteId} not found`);
      }
      const now = this.d.now();
      const detectedAt = Math.min(input.detectedAt ?? now, now);
      const id = this.d.repo.insert({
        siteId: input.siteId,
        condition: 'manual',
        priority: input.priority,
        state: 'open',
        summary: input.summary,
        detectedAt,
        clearedAt: null,
        acknowledgedAt: null,
        acknowledgedBy: null,
        restoredAt: null,
        resolvedAt: null,
        resolvedBy: null,
        closedAt: null,
        closedBy: null,
        planVersionId: this.planVersionFor(input.siteId),
        timeCorrected: false,
        clockOffsetMs: null,
        createdAt: now,
      });
      const t = this.must(id);
      this.emit(t, 'opened', actor, detectedAt);
      return t;
    });
  }
}
