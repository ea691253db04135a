import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import { TokenStore } from './auth/tokens.js';
import { UserStore } from './auth/users.js';
import type { ConsoleConfig } from './config/config-schema.js';
import { MessageApplier } from './ingest/apply-message.js';
import { ClockOffsetEstimator } from './ingest/clock-offset.js';
import { Ingest } from './ingest/ingest.js';
import { LivenessMonitor } from './ingest/liveness.js';
import { Metrics } from './metrics/metrics.js';
import { ReportService } from './reports/report-service.js';
import { CustomerStore } from './sites/customer-store.js';
import { SiteStore } from './sites/site-store.js';
import { TelemetryHistory } from './sites/telemetry-history.js';
import { PlanStore } from './sla/plan-store.js';
import type { SlaEngine } from './sla/sla-port.js';
import { SlaScheduler } from './sla/sla-scheduler.js';
import { SlaService } from './sla/sla-service.js';
import type { Timers } from './sla/timers.js';
import { prep } from './store/statements.js';
import { TicketEventBus } from './tickets/event-bus.js';
import { MaintenanceStore } from './tickets/maintenance-store.js';
import { TicketContextBuilder } from './tickets/ticket-context.js';
import type { TicketEventHook } from './tickets/ticket-events.js';
import { TicketQueries } from './tickets/ticket-queries.js';
import { TicketRepo } from './tickets/ticket-repo.js';
import { TicketService } from './tickets/ticket-service.js';

/**
 * Everything the console is made of, wired but not started (no I/O beyond the open database).
 * @example
 * const s: ConsoleServices = app.services; s.tickets.acknowledge(7, 'alice');
 */
export interface ConsoleServices {
  db: Database;
  config: ConsoleConfig;
  log: Logger;
  now: () => number;
  metrics: Metrics;
  customers: CustomerStore;
  sites: SiteStore;
  /** Per-site telemetry buckets behind the site page's charts. */
  telemetry: TelemetryHistory;
  plans: PlanStore;
  maintenance: MaintenanceStore;
  tickets: TicketService;
  ticketQueries: TicketQueries;
  ticketRepo: TicketRepo;
  bus: TicketEventBus;
  sla: SlaService;
  scheduler: SlaScheduler;
  ingest: Ingest;
  liveness: LivenessMonitor;
  clockOffsets: ClockOffsetEstimator;
  tokens: TokenStore;
  users: UserStore;
  reports: ReportService;
}

/**
 * Inputs of {@link createServices}.
 * @example
 * createServices({ db, config, log, engine: createCoreSlaEngine(), now: Date.now, timers: realTimers });
 */
export interface ServiceOptions {
  db: Database;
  config: ConsoleConfig;
  log: Logger;
  engine: SlaEngine;
  now: () => number;
  timers: Timers;
  hooks?: TicketEventHook[];
}

/**
 * Wires stores and services over an open, migrated database.
 * @example
 * const s = createServices({ db, config, log, engine: createCoreSlaEngine(), now: Date.now, timers: realTimers });
 * s.tickets.acknowledge(1, 'alice');
 */
export function createServices(o: ServiceOptions): ConsoleServices {
  const { db, config, log, now, timers } = o;
  const metrics = new Metrics();
  const customers = new CustomerStore(db, now);
  const sites = new SiteStore(db, now);
  const plans = new PlanStore(db, o.engine, now);
  const maintenance = new MaintenanceStore(db, now);
  const ticketRepo = new TicketRepo(db);
  const sla = new SlaService(o.engine, plans, ticketRepo, log, (id) => sites.timeZoneOf(id));
  const bus = new TicketEventBus();
  const contexts = new TicketContextBuilder(db, sla, maintenance);
  const tickets = new TicketService({
    db,
    repo: ticketRepo,
    plans,
    maintenance,
    contexts,
    bus,
    hooks: [...(o.hooks ?? [])],
    now,
    reopenWindowMs: config.tickets.reopenWindow,
    autoCloseAfterMs: config.tickets.autoCloseAfter,
  });
  const scheduler = new SlaScheduler({ repo: ticketRepo, tickets, sla, now, timers, log });
  tickets.onChange = (id) => scheduler.touch(id);
  const clockOffsets = new ClockOffsetEstimator();
  const telemetry = new TelemetryHistory(db);
  const applier = new MessageApplier(db, tickets, clockOffsets, config.ingest.clockTolerance, telemetry);
  const ingest = new Ingest({
    db,
    applier,
    bus,
    metrics,
    log,
    now,
    timers,
    batchDelayMs: config.ingest.batchDelay,
    maxBatch: config.ingest.maxBatch,
  });
  const liveness = new LivenessMonitor({
    db,
    applier,
    tickets,
    now,
    timers,
    log,
    misses: config.ingest.heartbeatMisses,
    assumedIntervalMs: config.ingest.assumedHeartbeatInterval,
    checkEveryMs: config.ingest.livenessCheck,
    housekeeping: (t) => telemetry.prune(t),
  });
  const ticketQueries = new TicketQueries(ticketRepo, sla, now);
  const reports = new ReportService(db, ticketRepo, sla, now);
  metrics.collect(() => {
    const rows = prep(
      db,
      "SELECT priority, COUNT(*) AS n FROM tickets WHERE state <> 'closed' GROUP BY priority",
    ).all() as { priority: string; n: number }[];
    const lines = [
      '# HELP pbxwatch_open_tickets Tickets not closed, by priority',
      '# TYPE pbxwatch_open_tickets gauge',
    ];
    for (const p of ['P1', 'P2', 'P3', 'P4'])
      lines.push(`pbxwatch_open_tickets{priority="${p}"} ${rows.find((r) => r.priority === p)?.n ?? 0}`);
    const online = prep(db, 'SELECT COUNT(*) AS n FROM sites WHERE online = 1').get() as { n: number };
    lines.push(
      '# HELP pbxwatch_sites_online Sites whose agent is online',
      '# TYPE pbxwatch_sites_online gauge',
    );
    lines.push(`pbxwatch_sites_online ${online.n}`);
    return lines.join('\n');
  });
  return {
    db,
    config,
    log,
    now,
    metrics,
    customers,
    sites,
    telemetry,
    plans,
    maintenance,
    tickets,
    ticketQueries,
    ticketRepo,
    bus,
    sla,
    scheduler,
    ingest,
    liveness,
    clockOffsets,
    tokens: new TokenStore(db, now),
    users: new UserStore(db, now),
    reports,
  };
}
