import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import type { TimerHandle, Timers } from '../sla/timers.js';
import { prep } from '../store/statements.js';
import type { TicketService } from '../tickets/ticket-service.js';
import type { MessageApplier } from './apply-message.js';

/**
 * Dependencies of {@link LivenessMonitor}.
 * @example
 * new LivenessMonitor({ db, applier, tickets, now, timers: realTimers, log, misses: 3, checkEveryMs: 5000 });
 */
export interface LivenessDeps {
  db: Database;
  applier: MessageApplier;
  tickets: TicketService;
  now: () => number;
  timers: Timers;
  log: Logger;
  misses: number;
  checkEveryMs: number;
  /** Heartbeat interval assumed for a site whose agent has not sent one yet (the agent's default). */
  assumedIntervalMs: number;
  /**
   * Periodic upkeep run after each check (pruning the telemetry history), so that ingest never
   * deletes on its hot path; it throttles itself.
   */
  housekeeping?: (now: number) => void;
}

/**
 * Declares a site offline when its agent missed `misses` heartbeats (misses × its own
 * `intervalMs`), opening the `agent-offline` ticket from the first missed beat (detection.md).
 * The clock starts at the agent's last sign of life, heartbeat or any other message: a site that
 * announced itself `online` (or whose retained `online` the console found at start) and then never
 * sent a heartbeat goes offline after `misses` × `assumedIntervalMs`, instead of staying online
 * for ever.
 * @example
 * const live = new LivenessMonitor(deps); live.start(); live.check(); // in tests
 */
export class LivenessMonitor {
  private timer: TimerHandle | null = null;
  private running = false;

  constructor(private readonly d: LivenessDeps) {}

  /** Starts periodic checks. */
  start(): void {
    this.running = true;
    this.arm();
  }

  /** Stops checking. */
  stop(): void {
    this.running = false;
    if (this.timer !== null) this.d.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    if (!this.running) return;
    this.timer = this.d.timers.setTimeout(() => {
      this.check();
      this.upkeep();
      this.arm();
    }, this.d.checkEveryMs);
  }

  private upkeep(): void {
    try {
      this.d.housekeeping?.(this.d.now());
    } catch (e) {
      this.d.log.error({ err: e }, 'periodic housekeeping failed');
    }
  }

  /** Checks every online site once; returns the ids declared offline. */
  check(): string[] {
    const now = this.d.now();
    const late = prep(
      this.d.db,
      `SELECT id, last, iv FROM (
         SELECT id, MAX(COALESCE(last_heartbeat_at, 0), COALESCE(last_seen_at, 0)) AS last,
                COALESCE(heartbeat_interval_ms, @assumed) AS iv
           FROM sites WHERE online = 1 AND (last_heartbeat_at IS NOT NULL OR last_seen_at IS NOT NULL))
       WHERE last + @misses * iv < @now`,
    ).all({ assumed: this.d.assumedIntervalMs, misses: this.d.misses, now }) as {
      id: string;
      last: number;
      iv: number;
    }[];
    for (const s of late) {
      try {
        this.d.tickets.tx(() => {
          prep(this.d.db, 'UPDATE sites SET online = 0 WHERE id = ?').run(s.id);
          this.d.applier.raiseOffline(s.id, s.last + s.iv, `no heartbeat for ${this.d.misses} intervals`);
        });
      } catch (e) {
        this.d.log.error({ err: e, siteId: s.id }, 'marking a site offline failed');
      }
    }
    return late.map((s) => s.id);
  }
}
