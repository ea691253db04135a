import type { Logger } from 'pino';
import type { TicketRecord, TicketRepo } from '../tickets/ticket-repo.js';
import type { TicketService } from '../tickets/ticket-service.js';
import type { SlaService } from './sla-service.js';
import type { TimerHandle, Timers } from './timers.js';

/** Longest single sleep: bounds the damage of a wall-clock jump on the host. */
const MAX_SLEEP_MS = 60_000;
/**
 * Most tickets evaluated in one tick; the rest wait for the next, armed at 0 ms so HTTP and MQTT
 * are served in between. A console restarting with 10,000 open tickets otherwise stalls its event
 * loop for about 2 s on the first tick.
 */
export const SLA_BATCH = 500;

/**
 * Dependencies of {@link SlaScheduler}.
 * @example
 * new SlaScheduler({ repo, tickets, sla, now: Date.now, timers: realTimers, log });
 */
export interface SlaSchedulerDeps {
  repo: TicketRepo;
  tickets: TicketService;
  sla: SlaService;
  now: () => number;
  timers: Timers;
  log: Logger;
}

/**
 * Finds SLA warnings and breaches without polling: it keeps, per live ticket, the next instant at
 * which one of its clocks changes state, and sleeps until the soonest one (or the next auto-close).
 * Ticket changes mark a ticket dirty; it is re-evaluated at once. The clocks themselves are always
 * derived from stored facts, so a missed timer only delays the recorded event, never changes a state.
 * @example
 * const s = new SlaScheduler(deps); s.start(); tickets.onChange = (id) => s.touch(id);
 */
export class SlaScheduler {
  private readonly next = new Map<number, number>();
  private readonly dirty = new Set<number>();
  private timer: TimerHandle | null = null;
  private running = false;
  private ticking = false;
  private soon = false;

  constructor(private readonly d: SlaSchedulerDeps) {}

  /** Loads every live ticket and arms the timer. */
  start(): void {
    this.running = true;
    for (const t of this.d.repo.select("state <> 'closed'", {})) this.dirty.add(t.id);
    this.arm(0);
  }

  /** Cancels the timer. */
  stop(): void {
    this.running = false;
    if (this.timer !== null) this.d.timers.clearTimeout(this.timer);
    this.timer = null;
    this.soon = false;
  }

  /** A ticket changed: re-evaluate it soon. */
  touch(ticketId: number): void {
    this.dirty.add(ticketId);
    // One zero-delay timer for a burst of changes (ingest touches a ticket per event).
    if (!this.ticking && !this.soon) this.arm(0);
  }

  /** Tickets waiting to be evaluated (for tests and metrics). */
  backlog(): number {
    return this.dirty.size;
  }

  /** The instant the timer is set for (for tests and metrics), or null. */
  nextWakeAt(): number | null {
    let min: number | null = this.d.tickets.nextAutoClose();
    for (const v of this.next.values()) if (min === null || v < min) min = v;
    return min;
  }

  private arm(delay: number): void {
    if (!this.running) return;
    if (this.timer !== null) this.d.timers.clearTimeout(this.timer);
    this.timer = this.d.timers.setTimeout(
      () => {
        this.timer = null;
        this.tick();
      },
      Math.max(0, Math.min(delay, MAX_SLEEP_MS)),
    );
  }

  /** Evaluates dirty and due tickets, records warnings and breaches, auto-closes, re-arms. */
  tick(): void {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = this.d.now();
      for (const [id, at] of this.next) if (at <= now) this.dirty.add(id);
      // Recording a mark touches the ticket again; bounded passes settle it.
      let budget = SLA_BATCH;
      for (let pass = 0; pass < 3 && this.dirty.size && budget > 0; pass++) {
        const ids: number[] = [];
        for (const id of this.dirty) {
          if (ids.length >= budget) break;
          ids.push(id);
        }
        for (const id of ids) this.dirty.delete(id);
        budget -= ids.length;
        for (const id of ids) this.evaluate(id, now);
      }
      this.d.tickets.autoClose();
    } catch (e) {
      this.d.log.error({ err: e }, 'sla scheduler tick failed');
    } finally {
      this.ticking = false;
    }
    const wake = this.nextWakeAt();
    if (this.dirty.size) this.arm(0);
    else if (wake !== null) this.arm(wake - this.d.now());
  }

  private evaluate(id: number, now: number): void {
    const t: TicketRecord | null = this.d.repo.get(id);
    if (!t || t.state === 'closed') {
      this.next.delete(id);
      return;
    }
    const facts = this.d.repo.factsFor([t]).get(id);
    const states = this.d.sla.evaluate(t, now, facts);
    for (const s of states) {
      if (s.state === 'running' && s.warning) this.d.tickets.markSla(id, s.name, 'warning', now);
      if (s.state === 'breached' && s.dueAt !== null)
        this.d.tickets.markSla(id, s.name, 'breach', s.dueAt + 1);
    }
    // Recording a mark never changes the facts, so the same facts serve the next-change search.
    const n = this.d.sla.nextChange(t, now, facts);
    if (n === null) this.next.delete(id);
    else this.next.set(id, n);
  }
}
