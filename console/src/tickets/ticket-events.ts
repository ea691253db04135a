import type { Condition, Priority } from '@pbxwatch/core';
import type { Database } from 'better-sqlite3';

/**
 * What happened to a ticket; notices and the live UI react to these.
 * @example
 * const t: TicketEventType = 'sla-breach';
 */
export type TicketEventType =
  | 'opened'
  | 'reopened'
  | 'priority-raised'
  | 'acknowledged'
  | 'restored'
  | 'resolved'
  | 'closed'
  | 'paused'
  | 'resumed'
  | 'sla-warning'
  | 'sla-breach'
  /** A note added by a person (live views and the API stream only; no notice, no hook). */
  | 'note';

/**
 * Everything a reaction needs, built once by the ticket service, so that reactions (notices, SSE)
 * never reach into ticket tables. Times are epoch ms; `objectives` are the plan's objectives for the
 * ticket's current priority with their computed due instants.
 * @example
 * const hook: TicketEventHook = (db, ctx: TicketEventContext) => { if (!ctx.site.inMaintenance) queue(db, ctx); };
 */
export interface TicketEventContext {
  event: { type: TicketEventType; at: number; actor: string; objective?: string };
  ticket: {
    id: number;
    siteId: string;
    condition: Condition | 'manual';
    priority: Priority;
    state: 'open' | 'acknowledged' | 'restored' | 'closed';
    detectedAt: number;
    clearedAt: number | null;
    summary: string;
  };
  site: { id: string; name: string; timeZone: string; customerId: number | null; inMaintenance: boolean };
  customer: { id: number; name: string } | null;
  objectives: { name: string; dueAt: number | null; state: string }[];
}

/**
 * A reaction run synchronously inside the transaction that changed the ticket, so that what it
 * writes (a queued notice) commits or rolls back with the change: nothing lost to a crash, nothing
 * sent for a change that did not happen.
 * @example
 * const hook: TicketEventHook = (db, ctx) => { if (ctx.event.type === 'opened') queue(db, ctx); };
 */
export type TicketEventHook = (db: Database, ctx: TicketEventContext) => void;
