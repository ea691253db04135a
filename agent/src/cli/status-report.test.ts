import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import { recordLastPoll } from '../daemon/last-poll.js';
import { initialDetectorState } from '../detect/detector.js';
import { saveDetectorState } from '../detect/state-store.js';
import { createOutbox } from '../outbox/outbox.js';
import { nextBootNumber, openStateDb, stateDbFile } from '../outbox/state-db.js';
import { formatAge, formatAgentStatus, readAgentStatus, staleAfterMs } from './status-report.js';

const T = Date.parse('2026-12-01T22:00:00Z');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A state database as the daemon leaves it: two boots, one poll noted at T, 12 stations learned. */
function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbxw-status-'));
  dirs.push(dir);
  const cfg = parseConfig(
    `site: { id: acme-hq }
broker: { url: "mqtt://127.0.0.1:1883" }
pbx: { vendor: ipoffice, host: 127.0.0.1, snmp: { version: 2c, community: public }, sip: { uri: "sip:127.0.0.1" } }
stateDir: ${dir}
`,
    'test.yaml',
    { env: {}, readFile: () => '' },
  );
  const db = openStateDb(dir);
  nextBootNumber(db);
  nextBootNumber(db);
  const clock = { t: T, now: () => clock.t };
  const outbox = createOutbox(db, { maxEvents: 100, maxTelemetry: 10, maxAge: 86_400_000 }, clock);
  const state = initialDetectorState();
  for (let i = 0; i < 12; i++) state.baseline[`ext-${200 + i}`] = T;
  saveDetectorState(db, state);
  recordLastPoll(db, T, cfg.poll.interval, {
    kind: 'telemetry',
    at: new Date(T).toISOString(),
    pbx: { vendor: 'ipoffice', snmp: true, sip: false },
    stations: { connected: 11, monitored: 12, unmonitored: 2, source: 'ipo-phones-table' },
  });
  const report = (now: number) => formatAgentStatus(cfg, readAgentStatus(db, stateDbFile(cfg.stateDir)), now);
  return { cfg, db, clock, outbox, state, report };
}

const event = {
  kind: 'event' as const,
  condition: 'stations' as const,
  change: 'raised' as const,
  priority: 'P1' as const,
  at: new Date(T).toISOString(),
  atUptimeMs: 1,
  detectedAt: new Date(T).toISOString(),
  summary: '10 of 12 stations not connected',
  detail: {},
};

describe('pbxwatch-agent status', () => {
  it('reports a healthy agent: the last poll, nothing awaiting the NOC, learned stations', () => {
    const { report, db } = setup();
    const { text, problems } = report(T + 12_000);
    expect(text).toContain(
      'last poll 12 s ago, at 2026-12-01T22:00:00Z (every 30 s): SNMP answered, SIP NO ANSWER, 11 of 12 stations connected',
    );
    expect(text).toContain('agent started 2 time(s) on this gateway');
    expect(text).toContain("events awaiting the console's ack: 0; no ack received yet");
    expect(text).toContain('Conditions raised now\n  none');
    expect(text).toContain('Learned stations: 12');
    expect(text).toMatch(/All well\.\n$/);
    expect(problems).toEqual([]);
    db.close();
  });

  it('says when the daemon stopped polling, past three intervals and the probe timeouts', () => {
    const { report, cfg, db } = setup();
    expect(staleAfterMs(cfg)).toBe(3 * 30_000 + 2000 * 2 + 5000);
    expect(report(T + staleAfterMs(cfg)).problems).toEqual([]);
    const { text, problems } = report(T + 10 * 60_000);
    expect(problems).toEqual([
      'no poll for 10 min (expected every 30 s): is the service running? (systemctl status pbxwatch-agent)',
    ]);
    expect(text).toContain('Needs a look:\n  - no poll for 10 min');
    db.close();
  });

  it('counts events the console has not acknowledged, and flags them once a healthy link would have', () => {
    const { report, outbox, clock, db } = setup();
    outbox.addEvent(event);
    clock.t = T + 5000;
    const acked = outbox.addEvent(event);
    outbox.ack([acked]);
    expect(report(T + 30_000).text).toContain(
      "events awaiting the console's ack: 1 (oldest queued 30 s ago); last ack 25 s ago",
    );
    expect(report(T + 30_000).problems).toEqual([]);
    expect(report(T + 90_000).problems).toEqual([
      '1 event(s) not acknowledged by the console for 90 s: run `pbxwatch-agent probe` and read its Broker line (they stay queued until delivered)',
    ]);
    db.close();
  });

  it('shows raised conditions with their first bad poll, and a clock that moved back', () => {
    const { report, state, db } = setup();
    state.tracks.stations = {
      raised: true,
      priority: 'P1',
      detectedAt: T - 9 * 60_000,
      badRun: 0,
      firstBad: null,
      goodRun: 0,
      firstGood: null,
    };
    state.tracks['sip-down'] = { ...state.tracks.stations, raised: false };
    saveDetectorState(db, state);
    const { text } = report(T);
    expect(text).toContain('Conditions raised now\n  P1 stations since 2026-12-01T21:51:00Z (9 min)\n\n');
    expect(report(T - 3_600_000).text).toContain(
      'last poll 60 min in the future (the gateway clock moved back?)',
    );
    db.close();
  });

  it('names events dropped at the outbox cap', () => {
    const { report, db } = setup();
    db.prepare("INSERT INTO meta (key, value) VALUES ('droppedEvents', '3')").run();
    expect(report(T).problems).toEqual([
      '3 event(s) were dropped at the outbox cap (outbox.maxEvents): tell the NOC',
    ]);
    db.close();
  });
});

describe('formatAge', () => {
  it('reads as people say it', () => {
    expect([200, 119_000, 120_000, 7_199_000, 7_200_000, 172_800_000 + 3_600_000].map(formatAge)).toEqual([
      '200 ms',
      '119 s',
      '2 min',
      '119 min',
      '2 h 0 min',
      '2 d 1 h',
    ]);
  });
});
