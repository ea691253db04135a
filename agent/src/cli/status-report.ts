import fs from 'node:fs';
import type { Condition, Priority } from '@pbxwatch/core/protocol';
import type { AgentConfig } from '../config/schema.js';
import { type LastPoll, readLastPoll } from '../daemon/last-poll.js';
import type { Track } from '../detect/debounce.js';
import { loadDetectorState } from '../detect/state-store.js';
import { getMeta, type StateDb } from '../outbox/state-db.js';

/** What the state database says of a running (or stopped) agent. */
export interface AgentStatus {
  dbBytes: number;
  boots: number;
  lastPoll: LastPoll | null;
  lastAckAt: number | null;
  pending: { events: number; oldestAt: number | null; telemetry: number };
  dropped: { events: number; telemetry: number };
  raised: { condition: Condition; priority: Priority | null; detectedAt: number | null }[];
  learnedStations: number;
}

const count = (db: StateDb, sql: string) => (db.prepare(sql).get() as { n: number | null }).n;

/**
 * Reads the agent's state database (read-only is enough: WAL lets it read beside the daemon).
 * @example
 * const st = readAgentStatus(new Database('/var/lib/pbxwatch/agent.db', { readonly: true }), file);
 */
export function readAgentStatus(db: StateDb, file: string): AgentStatus {
  // The daemon's own reader: a corrupt row reads as a quiet state, as it does for the daemon.
  const state = loadDetectorState(db);
  const bytes = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  const lastAck = getMeta(db, 'lastAckAt');
  return {
    dbBytes: bytes(file) + bytes(`${file}-wal`),
    boots: Number(getMeta(db, 'bootCount') ?? '0'),
    lastPoll: readLastPoll(db),
    lastAckAt: lastAck === undefined ? null : Number(lastAck),
    pending: {
      events: count(db, 'SELECT count(*) AS n FROM outbox_events') ?? 0,
      oldestAt: count(db, 'SELECT min(created_at) AS n FROM outbox_events'),
      telemetry: count(db, 'SELECT count(*) AS n FROM outbox_telemetry') ?? 0,
    },
    dropped: {
      events: Number(getMeta(db, 'droppedEvents') ?? '0'),
      telemetry: Number(getMeta(db, 'droppedTelemetry') ?? '0'),
    },
    raised: (Object.entries(state.tracks) as [Condition, Track][])
      .filter(([, t]) => t.raised)
      .map(([condition, t]) => ({ condition, priority: t.priority, detectedAt: t.detectedAt })),
    learnedStations: Object.keys(state.baseline).length,
  };
}

/**
 * A duration for people: `200 ms`, `12 s`, `4 min`, `2 h 5 min`, `3 d 4 h`.
 * @example
 * formatAge(125_000); // '2 min'
 */
export function formatAge(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** How long ago `at` was, or a word on a clock that moved back. */
const ago = (now: number, at: number) =>
  at > now + 1000
    ? `${formatAge(at - now)} in the future (the gateway clock moved back?)`
    : `${formatAge(now - at)} ago`;

/**
 * The longest a healthy daemon goes without noting a poll: three intervals plus the longest a
 * poll can wait for SNMP (every retry timing out) and for SIP.
 * @example
 * staleAfterMs(cfg); // 99_000 with the defaults
 */
export function staleAfterMs(cfg: AgentConfig): number {
  const snmp = cfg.pbx.snmp ? cfg.pbx.snmp.timeout * (cfg.pbx.snmp.retries + 1) : 0;
  return 3 * cfg.poll.interval + snmp + (cfg.pbx.sip?.timeout ?? 0);
}

/**
 * The technician's report of `status` and what needs a look (an agent that stopped polling, or
 * events the console has not acknowledged for longer than a healthy link takes).
 * @example
 * const { text, problems } = formatAgentStatus(cfg, readAgentStatus(db, file), Date.now());
 */
export function formatAgentStatus(
  cfg: AgentConfig,
  st: AgentStatus,
  now: number,
): { text: string; problems: string[] } {
  const L: string[] = [];
  const problems: string[] = [];
  const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
  L.push(
    `pbxwatch status: site ${cfg.site.id}, state in ${cfg.stateDir} (${Math.ceil(st.dbBytes / 1024)} KiB)`,
    '',
  );

  L.push('Polling');
  const p = st.lastPoll;
  if (!p) {
    L.push('  no poll noted yet');
    problems.push('the agent has not polled yet: is the service running? (systemctl status pbxwatch-agent)');
  } else {
    const stations = p.stations
      ? `, ${p.stations.connected} of ${p.stations.monitored} stations connected`
      : '';
    L.push(
      `  last poll ${ago(now, p.at)}, at ${iso(p.at)} (every ${formatAge(p.intervalMs)}): SNMP ${p.snmp ? 'answered' : 'NO ANSWER'}, SIP ${p.sip ? 'answered' : 'NO ANSWER'}${stations}`,
    );
    if (now - p.at > staleAfterMs(cfg))
      problems.push(
        `no poll for ${formatAge(now - p.at)} (expected every ${formatAge(cfg.poll.interval)}): is the service running? (systemctl status pbxwatch-agent)`,
      );
  }
  L.push(`  agent started ${st.boots} time(s) on this gateway`, '');

  L.push('Delivery to the NOC');
  const ack = st.lastAckAt === null ? 'no ack received yet' : `last ack ${ago(now, st.lastAckAt)}`;
  const oldest = st.pending.oldestAt === null ? '' : ` (oldest queued ${ago(now, st.pending.oldestAt)})`;
  L.push(`  events awaiting the console's ack: ${st.pending.events}${oldest}; ${ack}`);
  L.push(
    `  telemetry kept for later: ${st.pending.telemetry}; dropped so far: ${st.dropped.events} events, ${st.dropped.telemetry} telemetry`,
  );
  // A healthy link acks within a round trip; past a minute (or two ack timeouts) nothing gets through.
  const undelivered = Math.max(60_000, 2 * cfg.outbox.ackTimeout);
  if (st.pending.oldestAt !== null && now - st.pending.oldestAt > undelivered)
    problems.push(
      `${st.pending.events} event(s) not acknowledged by the console for ${formatAge(now - st.pending.oldestAt)}: run \`pbxwatch-agent probe\` and read its Broker line (they stay queued until delivered)`,
    );
  if (st.dropped.events > 0)
    problems.push(
      `${st.dropped.events} event(s) were dropped at the outbox cap (outbox.maxEvents): tell the NOC`,
    );
  L.push('');

  L.push('Conditions raised now');
  if (st.raised.length === 0) L.push('  none');
  for (const r of st.raised)
    L.push(
      `  ${r.priority ?? '?'} ${r.condition}${r.detectedAt === null ? '' : ` since ${iso(r.detectedAt)} (${formatAge(Math.max(0, now - r.detectedAt))})`}`,
    );
  L.push('', `Learned stations: ${st.learnedStations}`, '');

  if (problems.length === 0) L.push('All well.');
  else L.push('Needs a look:', ...problems.map((x) => `  - ${x}`));
  return { text: `${L.join('\n')}\n`, problems };
}
