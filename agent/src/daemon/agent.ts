import { randomUUID } from 'node:crypto';
import type { Clock } from '@pbxwatch/core/protocol';
import type { Logger } from 'pino';
import type { AgentConfig } from '../config/schema.js';
import { type DetectorState, detect } from '../detect/detector.js';
import type { DetectorSettings } from '../detect/observation.js';
import { loadDetectorState, saveDetectorState } from '../detect/state-store.js';
import { createOutbox, type Outbox } from '../outbox/outbox.js';
import { nextBootNumber, openStateDb, type StateDb } from '../outbox/state-db.js';
import type { TrapNotice } from '../poll/types.js';
import { createPublisher, type Publisher } from '../publish/publisher.js';
import type { Timers } from '../publish/timers.js';
import { recordLastPoll } from './last-poll.js';
import { runPollCycle } from './poll-cycle.js';
import { buildTelemetry, eventBody } from './telemetry.js';
import { sipTls, type Watchers } from './watchers.js';

/** What the agent daemon is given; everything with a side effect is injected. */
export interface AgentDeps {
  config: AgentConfig;
  watchers: Watchers;
  clock: Clock;
  uptime: () => number;
  timers: Timers;
  log: Logger;
  agentVersion: string;
  /** Reconnect schedule of the publisher (tests shorten it). */
  reconnect?: { baseMs: number; maxMs: number };
  /** Longest `stop()` waits for a poll in flight before closing anyway (default 1 s). */
  stopGraceMs?: number;
  /**
   * A full garbage collection, run once after each poll when given (node's `gc` under
   * `--expose-gc`, as the systemd unit starts it). V8 lets the old generation grow about 8 MB past
   * the live heap before collecting; a poll of 2,400 stations promotes 1-2 MB, so collecting when
   * the poll's data has just died keeps the agent ~6 MB lower and flat, for a few ms per poll.
   */
  collectGarbage?: () => void;
}

/** Counters of the daemon, for tests and the CLI. @example const s: AgentStats = agent.stats(); */
export interface AgentStats {
  bootId: string;
  bootNumber: number;
  polls: number;
  eventsQueued: number;
  trapsReceived: number;
  trapPort: number | null;
}

/**
 * Detector thresholds from the config.
 * @example
 * detect(state, obs, detectorSettings(cfg));
 */
export function detectorSettings(cfg: AgentConfig): DetectorSettings {
  return {
    ...cfg.thresholds,
    expectedStations: cfg.stations.list ? cfg.stations.list.map((s) => s.extension) : null,
  };
}

/**
 * The site agent: poll loop (every `poll.interval`, at once on a trap, never overlapping), detector
 * with persisted state, durable outbox, publisher and heartbeats. Nothing happens until `start()`.
 * @example
 * const agent = createAgent({ config, watchers: createRealWatchers(config, { clock }), clock, uptime, timers, log, agentVersion });
 * await agent.start(); process.on('SIGTERM', () => agent.stop());
 */
export function createAgent(d: AgentDeps) {
  const cfg = d.config;
  const settings = detectorSettings(cfg);
  const bootId = randomUUID();
  const stats: AgentStats = {
    bootId,
    bootNumber: 0,
    polls: 0,
    eventsQueued: 0,
    trapsReceived: 0,
    trapPort: null,
  };
  let db: StateDb | null = null;
  let outbox: Outbox | null = null;
  let publisher: Publisher | null = null;
  let state: DetectorState | null = null;
  let trapRx: { start(): Promise<number>; stop(): Promise<void> } | null = null;
  let pendingTraps: TrapNotice[] = [];
  let running: Promise<void> | null = null;
  let again = false;
  let pollTimer: unknown = null;
  let heartbeatTimer: unknown = null;
  let stopped = true;
  let lastPollEndedUptime = 0;

  function schedule(delay: number): void {
    if (stopped) return;
    if (pollTimer !== null) d.timers.clearTimeout(pollTimer);
    pollTimer = d.timers.setTimeout(
      () => {
        pollTimer = null;
        pollNow();
      },
      Math.max(0, delay),
    );
  }

  /** Starts a poll now, or right after the one in flight (polls never overlap). */
  function pollNow(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    const started = d.uptime();
    running = pollOnce()
      .catch((e) => d.log.error({ err: (e as Error).stack }, 'poll failed'))
      .finally(() => {
        running = null;
        lastPollEndedUptime = d.uptime();
        if (again) {
          again = false;
          void pollNow();
        } else schedule(cfg.poll.interval - (d.uptime() - started));
      });
    return running;
  }

  async function pollOnce(): Promise<void> {
    const traps = pendingTraps;
    pendingTraps = [];
    const stamp = { at: d.clock.now(), uptimeMs: d.uptime(), bootId };
    const obs = await runPollCycle(cfg, d.watchers, stamp, traps, sipTls(cfg));
    // A poll that outlived stop() must not touch the closed database.
    if (stopped || !db || !outbox || !state || !publisher) return;
    const r = detect(state, obs, settings);
    const ob = outbox;
    const ids: string[] = [];
    const telemetry = buildTelemetry(cfg, obs, r);
    // Detector state and the poll's events commit together, before anything is published.
    db.transaction(() => {
      saveDetectorState(db as StateDb, r.state);
      for (const c of r.changes) ids.push(ob.addEvent(eventBody(c)));
      // For `pbxwatch-agent status`: one small row in a commit that happens anyway.
      recordLastPoll(db as StateDb, stamp.at, cfg.poll.interval, telemetry);
    })();
    state = r.state;
    stats.polls++;
    stats.eventsQueued += ids.length;
    for (const c of r.changes)
      d.log.info(
        { condition: c.condition, change: c.change, priority: c.priority, summary: c.summary },
        'condition',
      );
    publisher.kick();
    publisher.publishTelemetry(telemetry);
    // After this tick, when the poll's readings and walks are unreachable.
    if (d.collectGarbage) setImmediate(d.collectGarbage);
  }

  function heartbeat(): void {
    heartbeatTimer = null;
    if (stopped || !publisher || !outbox) return;
    const s = outbox.stats();
    publisher.publishHeartbeat({
      intervalMs: cfg.heartbeat.interval,
      agentVersion: d.agentVersion,
      outbox: { pending: s.pending, droppedTelemetry: s.droppedTelemetry, droppedEvents: s.droppedEvents },
    });
    heartbeatTimer = d.timers.setTimeout(heartbeat, cfg.heartbeat.interval);
  }

  return {
    async start(): Promise<void> {
      stopped = false;
      db = openStateDb(cfg.stateDir);
      stats.bootNumber = nextBootNumber(db);
      outbox = createOutbox(db, cfg.outbox, d.clock, (what, count) =>
        d.log.warn({ what, count }, 'outbox full: dropped the oldest entries'),
      );
      state = loadDetectorState(db);
      d.log.info({ bootId, boot: stats.bootNumber, pending: outbox.stats().pending }, 'agent starting');
      publisher = createPublisher({
        siteId: cfg.site.id,
        bootId,
        broker: cfg.broker,
        outbox,
        clock: d.clock,
        uptime: d.uptime,
        timers: d.timers,
        log: d.log,
        window: cfg.outbox.window,
        ackTimeout: cfg.outbox.ackTimeout,
        reconnect: d.reconnect,
      });
      publisher.start();
      d.watchers.snmp?.start();
      await d.watchers.sip.start();
      if (d.watchers.traps) {
        trapRx = d.watchers.traps((t) => {
          stats.trapsReceived++;
          pendingTraps.push(t);
          d.log.info({ kind: t.kind, from: t.from, trunk: t.trunk }, 'trap: polling now');
          void pollNow();
        });
        try {
          stats.trapPort = await trapRx.start();
          // The technician checking the PBX's trap destination wants to see where we listen.
          d.log.info({ host: cfg.traps.host, port: stats.trapPort }, 'listening for traps');
        } catch (e) {
          // Without the trap port the agent still works, just slower to notice (next poll).
          d.log.error(
            { err: (e as Error).message, port: cfg.traps.port },
            'cannot listen for traps; polling only',
          );
          trapRx = null;
        }
      }
      heartbeatTimer = d.timers.setTimeout(heartbeat, 0);
      void pollNow();
    },
    /** Runs one poll now (or after the current one) and resolves when it is done. */
    pollNow,
    /** Stops cleanly: no new polls, waits briefly for one in flight, offline status, db closed. */
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      for (const t of [pollTimer, heartbeatTimer]) if (t !== null) d.timers.clearTimeout(t);
      pollTimer = heartbeatTimer = null;
      if (running) {
        // One slow PBX never blocks shutdown: wait a little, then close under it.
        await Promise.race([running, new Promise((r) => setTimeout(r, d.stopGraceMs ?? 1000).unref())]);
      }
      await Promise.allSettled([trapRx?.stop(), d.watchers.sip.stop()]);
      d.watchers.snmp?.stop();
      await publisher?.stop();
      db?.close();
      db = null;
      d.log.info({ polls: stats.polls, lastPollEndedUptime }, 'agent stopped');
    },
    stats: (): AgentStats => ({ ...stats }),
    outboxStats: () => outbox?.stats() ?? null,
    publisherStats: () => publisher?.stats() ?? null,
  };
}

/**
 * A running agent as returned by {@link createAgent}.
 * @example
 * let agent: Agent | null = null;
 */
export type Agent = ReturnType<typeof createAgent>;
