import type { TicketEventContext } from './ticket-events.js';

/**
 * A listener of committed ticket events.
 * @example
 * const l: TicketEventListener = (ctx) => console.log(ctx.event.type); bus.subscribe(l);
 */
export type TicketEventListener = (ctx: TicketEventContext) => void;

/**
 * Ticket events for live views (SSE): events are staged while their transaction runs and delivered
 * only after it commits, so a listener never sees a change that was rolled back.
 * @example
 * const off = bus.subscribe((ctx) => res.write(`data: ${JSON.stringify(ctx)}\n\n`));
 */
export class TicketEventBus {
  private readonly listeners = new Set<TicketEventListener>();
  private staged: TicketEventContext[] = [];

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: TicketEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stages an event of the running transaction. */
  stage(ctx: TicketEventContext): void {
    this.staged.push(ctx);
  }

  /** A mark to roll back to if the current unit of work fails. */
  mark(): number {
    return this.staged.length;
  }

  /** Drops events staged after `mark` (their savepoint was rolled back). */
  rollbackTo(mark: number): void {
    this.staged.length = mark;
  }

  /** Delivers every staged event (call after commit); a throwing listener does not stop the others. */
  flush(): void {
    const batch = this.staged;
    this.staged = [];
    for (const ctx of batch) {
      for (const l of this.listeners) {
        try {
          l(ctx);
        } catch {
          // a broken live view must not affect ingest
        }
      }
    }
  }
}
