#!/usr/bin/env node
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { ConfigError, loadConfigFile } from '../config/load.js';
import { runtimeIssues } from '../config/runtime-check.js';
import type { AgentConfig } from '../config/schema.js';
import { createAgent, detectorSettings } from '../daemon/agent.js';
import { runPollCycle } from '../daemon/poll-cycle.js';
import { createRealWatchers, sipTls } from '../daemon/watchers.js';
import { detect, initialDetectorState } from '../detect/detector.js';
import { loadDetectorState } from '../detect/state-store.js';
import { createLogger } from '../log.js';
import { stateDbFile } from '../outbox/state-db.js';
import { monotonicUptime, realTimers } from '../publish/timers.js';
import { createSdNotify } from '../sd-notify.js';
import { desAvailable } from '../snmp/session.js';
import { agentVersion } from '../version.js';
import { checkBroker } from './broker-check.js';
import { formatProbeReport, wouldRaise } from './probe-report.js';
import { formatAgentStatus, readAgentStatus } from './status-report.js';

const USAGE = `usage: pbxwatch-agent <command> --config FILE
  run           run the agent (systemd service)
  check-config  validate the config; every error names its field
  probe         poll the PBX once, log in to the broker, print a report for the technician
                (exit 0: all clear, 3: something needs a look)
  status        what the agent on this gateway is doing: last poll, events awaiting the NOC's
                ack, raised conditions (read from its state; exit 0: all well, 3: needs a look)`;

function load(file: string | undefined): AgentConfig {
  if (!file) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  try {
    const cfg = loadConfigFile(file);
    const issues = runtimeIssues(cfg, { des: desAvailable() });
    if (issues.length > 0) throw new ConfigError(issues, file);
    return cfg;
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(
        `${file}: ${e.issues.length} error(s)\n${e.issues.map((i) => `  ${i}`).join('\n')}\n`,
      );
      process.exit(1);
    }
    throw e;
  }
}

function summary(c: AgentConfig): string {
  const snmp = c.pbx.snmp ? `SNMPv${c.pbx.snmp.version} port ${c.pbx.snmp.port}` : 'no SNMP';
  const sip = c.pbx.sip ? `SIP ${c.pbx.sip.uri}` : 'no SIP';
  const stations = c.stations.list
    ? `${c.stations.list.length} listed stations`
    : c.stations.table
      ? `custom station table ${c.stations.table.tableOid}`
      : `stations learned over ${c.thresholds.baselineWindow / 86_400_000} d`;
  return [
    `config OK: site ${c.site.id}`,
    `  broker ${c.broker.url} as ${c.broker.username ?? c.site.id}${c.broker.password ? ' (password set)' : ''}`,
    `  pbx ${c.pbx.vendor} at ${c.pbx.host}: ${snmp}, ${sip}`,
    `  traps ${c.traps.enabled ? `on ${c.traps.host}:${c.traps.port}` : 'off'}; ${c.trunks.length} trunk peer(s); ${stations}`,
    `  poll every ${c.poll.interval} ms, heartbeat every ${c.heartbeat.interval} ms; raise after ${c.thresholds.raiseAfter}, clear after ${c.thresholds.clearAfter}`,
    `  state in ${c.stateDir}`,
  ].join('\n');
}

function readBaseline(cfg: AgentConfig): { baseline: Record<string, number>; note: string } {
  const file = stateDbFile(cfg.stateDir);
  if (!fs.existsSync(file)) return { baseline: {}, note: 'stations connected now (no learned baseline yet)' };
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    const { baseline } = loadDetectorState(db);
    db.close();
    return {
      baseline,
      note: `learned baseline (${Object.keys(baseline).length} stations) plus stations connected now`,
    };
  } catch (e) {
    return { baseline: {}, note: `stations connected now (baseline unreadable: ${(e as Error).message})` };
  }
}

/** Exit status of `probe` and `status` when the report shows a problem (1 and 2: config, usage). */
const PROBE_PROBLEM = 3;

async function probe(cfg: AgentConfig): Promise<void> {
  const clock = { now: () => Date.now() };
  const w = createRealWatchers(cfg, { clock });
  w.snmp?.start();
  await w.sip.start();
  try {
    // The broker login runs beside the poll: the report waits for the slower of the two only.
    const [obs, broker] = await Promise.all([
      runPollCycle(
        cfg,
        w,
        { at: clock.now(), uptimeMs: 0, bootId: '00000000-0000-4000-8000-000000000000' },
        [],
        sipTls(cfg),
      ),
      checkBroker(cfg, { timeoutMs: 5000 }),
    ]);
    const { baseline, note } = readBaseline(cfg);
    const state = { ...initialDetectorState(), baseline };
    const r = detect(state, obs, { ...detectorSettings(cfg), raiseAfter: 1 });
    process.stdout.write(formatProbeReport(cfg, obs, r, note, broker));
    if (!broker.ok || wouldRaise(r).length > 0) process.exitCode = PROBE_PROBLEM;
  } finally {
    w.snmp?.stop();
    await w.sip.stop();
  }
}

function status(cfg: AgentConfig): void {
  const file = stateDbFile(cfg.stateDir);
  if (!fs.existsSync(file)) {
    process.stdout.write(
      `pbxwatch status: site ${cfg.site.id}: no state in ${cfg.stateDir}: the agent has not run here yet\n`,
    );
    process.exitCode = PROBE_PROBLEM;
    return;
  }
  // Read-only beside the running daemon (WAL): nothing here can disturb its outbox.
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const { text, problems } = formatAgentStatus(cfg, readAgentStatus(db, file), Date.now());
    process.stdout.write(text);
    if (problems.length > 0) process.exitCode = PROBE_PROBLEM;
  } finally {
    db.close();
  }
}

async function run(cfg: AgentConfig): Promise<void> {
  const log = createLogger(cfg.log.level, { siteId: cfg.site.id });
  const clock = { now: () => Date.now() };
  const agent = createAgent({
    config: cfg,
    watchers: createRealWatchers(cfg, { clock, log }),
    clock,
    uptime: monotonicUptime(),
    timers: realTimers,
    log,
    agentVersion: agentVersion(),
    // Present when node runs with --expose-gc (the systemd unit does): see AgentDeps.collectGarbage.
    collectGarbage: (globalThis as { gc?: () => void }).gc,
  });
  const sd = createSdNotify({ env: process.env, log, timers: realTimers });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await sd.stopping();
    await agent.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('uncaughtException', (err) => {
    log.fatal({ err: err.stack }, 'uncaught exception; exiting for systemd to restart');
    process.exit(70);
  });
  await agent.start();
  await sd.ready();
  // The watchdog ping comes from the event loop itself: if the loop wedges, pings stop.
  sd.startWatchdog();
}

async function main(argv: string[]): Promise<void> {
  const [cmd, ...rest] = argv;
  const i = rest.indexOf('--config');
  const file = i >= 0 ? rest[i + 1] : undefined;
  switch (cmd) {
    case 'run':
      return run(load(file));
    case 'check-config':
      process.stdout.write(`${summary(load(file))}\n`);
      return;
    case 'probe':
      return probe(load(file));
    case 'status':
      return status(load(file));
    case '--version':
      process.stdout.write(`${agentVersion()}\n`);
      return;
    default:
      process.stderr.write(`${USAGE}\n`);
      process.exit(cmd ? 2 : 0);
  }
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`pbxwatch-agent: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
