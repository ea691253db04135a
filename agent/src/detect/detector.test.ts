import { describe, expect, it } from 'vitest';
import { type DetectorState, detect, initialDetectorState } from './detector.js';
import type { DetectedChange, DetectorSettings, PollObservation } from './observation.js';
import { DOWN, obs, SETTINGS, stations, T0 } from './test-helpers/obs.js';

function run(list: PollObservation[], s: DetectorSettings = SETTINGS, start = initialDetectorState()) {
  let state: DetectorState = start;
  const changes: DetectedChange[] = [];
  for (const o of list) {
    const r = detect(state, o, s);
    state = r.state;
    changes.push(...r.changes);
  }
  return { state, changes };
}
const at = (i: number) => T0 + i * 30_000;

describe('debounce', () => {
  it('raises pbx-down after raiseAfter bad polls with detectedAt = the first bad poll, clears after clearAfter', () => {
    const polls = [obs(0), obs(1, DOWN), obs(2, DOWN), obs(3, DOWN), obs(4), obs(5), obs(6), obs(7)];
    const { changes } = run(polls);
    const pbx = changes.filter((c) => c.condition === 'pbx-down');
    expect(pbx.map((c) => c.change)).toEqual(['raised', 'cleared']);
    expect(pbx[0]).toMatchObject({ priority: 'P1', at: at(1), detectedAt: at(1), atUptimeMs: 1000 + 30_000 });
    // clearedAt is the first good poll of the clearing run (poll 4), emitted at poll 6
    expect(pbx[1]).toMatchObject({ at: at(4), detectedAt: at(1) });
  });

  it('one bad poll is not enough, and a bad poll inside a clearing run restarts it', () => {
    expect(run([obs(0), obs(1, DOWN), obs(2)]).changes).toEqual([]);
    const { changes } = run([
      obs(1, DOWN),
      obs(2, DOWN),
      obs(3),
      obs(4),
      obs(5, DOWN),
      obs(6),
      obs(7),
      obs(8),
    ]);
    const pbx = changes.filter((c) => c.condition === 'pbx-down');
    expect(pbx.map((c) => [c.change, c.at])).toEqual([
      ['raised', at(1)],
      ['cleared', at(6)],
    ]);
  });
});

describe('stations', () => {
  const withDown = (i: number, n: number, down: number) => obs(i, { readings: stations(n, down) });
  const learn = run([obs(0, { readings: stations(100) })]).state;

  it('exactly 75% is P2, 76% is P1', () => {
    const p2 = run([withDown(1, 100, 75), withDown(2, 100, 75)], SETTINGS, learn).changes;
    expect(p2).toMatchObject([
      { condition: 'stations', change: 'raised', priority: 'P2', detectedAt: at(1) },
    ]);
    const p1 = run([withDown(1, 100, 76), withDown(2, 100, 76)], SETTINGS, learn).changes;
    expect(p1).toMatchObject([{ condition: 'stations', change: 'raised', priority: 'P1' }]);
  });

  it('below degradedRatio is nothing; P2 -> P1 and P1 -> P2 emit updated on the same condition', () => {
    expect(run([withDown(1, 100, 24), withDown(2, 100, 24)], SETTINGS, learn).changes).toEqual([]);
    const { changes } = run(
      [withDown(1, 100, 30), withDown(2, 100, 30), withDown(3, 100, 90), withDown(4, 100, 40)],
      SETTINGS,
      learn,
    );
    expect(changes.map((c) => [c.change, c.priority, c.at, c.detectedAt])).toEqual([
      ['raised', 'P2', at(1), at(1)],
      ['updated', 'P1', at(3), at(1)],
      ['updated', 'P2', at(4), at(1)],
    ]);
  });

  it('analogue (unmonitored) stations are left out of the ratio', () => {
    const readings = [
      ...stations(4, 2),
      ...Array.from({ length: 10 }, (_, i) => ({ key: `a${i}`, connected: null })),
    ];
    const r = run([obs(0, { readings: stations(4) }), obs(1, { readings })]);
    const last = detect(r.state, obs(2, { readings }), SETTINGS);
    expect(last.stations).toMatchObject({ monitored: 4, connected: 2, unmonitored: 10 });
    expect(last.changes).toMatchObject([{ condition: 'stations', priority: 'P2' }]);
  });

  it('learns the expected set: a station that vanishes counts as down; forgotten after the window', () => {
    const s0 = run([obs(0, { readings: stations(4) })]).state;
    const gone = stations(4).slice(2); // 200, 201 missing from the table
    const r = run([obs(1, { readings: gone }), obs(2, { readings: gone })], SETTINGS, s0);
    expect(r.changes).toMatchObject([
      { condition: 'stations', priority: 'P2', detail: { notConnected: 2, monitored: 4 } },
    ]);
    const late = detect(r.state, { ...obs(3, { readings: gone }), at: T0 + 8 * 86_400_000 }, SETTINGS);
    expect(late.stations).toMatchObject({ monitored: 2, downCount: 0 });
  });

  it('a PBX restart does not reset the baseline', () => {
    const s0 = run([obs(0, { readings: stations(8) })]).state;
    const afterRestart = obs(1, { readings: stations(8, 4) });
    afterRestart.snmp = { ...afterRestart.snmp!, sysUpTimeS: 5 };
    const r = detect(s0, afterRestart, SETTINGS);
    expect(Object.keys(r.state.baseline)).toHaveLength(8);
    expect(r.stations).toMatchObject({ monitored: 8, downCount: 4 });
  });

  it('uses the configured list instead of learning', () => {
    const s = { ...SETTINGS, expectedStations: ['200', '201', '999'] };
    const r = detect(initialDetectorState(), obs(0, { readings: stations(2) }), s);
    expect(r.stations).toMatchObject({ monitored: 3, connected: 2, downCount: 1, expectedFrom: 'config' });
    expect(r.state.baseline).toEqual({});
  });

  it('unknown while SNMP is silent: neither raises nor clears', () => {
    const s1 = run([withDown(1, 100, 50), withDown(2, 100, 50)], SETTINGS, learn);
    expect(s1.changes).toHaveLength(1);
    const snmpOff = { snmp: DOWN.snmp, stations: null };
    const r = run([obs(3, snmpOff), obs(4, snmpOff), obs(5, snmpOff), obs(6, snmpOff)], SETTINGS, s1.state);
    expect(r.changes.filter((c) => c.condition === 'stations')).toEqual([]);
    expect(r.state.tracks.stations?.raised).toBe(true);
  });
});

describe('inhibition by pbx-down', () => {
  const learn = run([obs(0, { readings: stations(10) })]).state;
  const trunkDown = {
    trunkPeers: [{ name: 'carrier', result: { alive: false, transport: 'udp' as const } }],
  };

  it('does not raise inhibited conditions while pbx-down is raised; raises them with their first bad poll after', () => {
    const down = { ...DOWN, ...trunkDown };
    const polls = [
      obs(1, down),
      obs(2, down),
      obs(3, down),
      obs(4, trunkDown),
      obs(5, trunkDown),
      obs(6, trunkDown),
    ];
    const { changes } = run(polls, SETTINGS, learn);
    expect(changes.map((c) => [c.condition, c.change])).toEqual([
      ['pbx-down', 'raised'],
      ['pbx-down', 'cleared'],
      ['trunks', 'raised'],
    ]);
    expect(changes[2]).toMatchObject({ detectedAt: at(1), priority: 'P1' });
  });

  it('keeps a condition raised before pbx-down (the console suppresses it)', () => {
    const sipOff = { sip: DOWN.sip };
    const r = run(
      [obs(1, sipOff), obs(2, sipOff), obs(3, DOWN), obs(4, DOWN), obs(5, DOWN)],
      SETTINGS,
      learn,
    );
    expect(r.changes.map((c) => [c.condition, c.change])).toEqual([
      ['sip-down', 'raised'],
      ['pbx-down', 'raised'],
    ]);
    expect(r.state.tracks['sip-down']?.raised).toBe(true);
  });

  it('sip-down and snmp-down', () => {
    const r1 = run([obs(1, { sip: DOWN.sip }), obs(2, { sip: DOWN.sip })], SETTINGS, learn);
    expect(r1.changes).toMatchObject([{ condition: 'sip-down', priority: 'P2' }]);
    const snmpOff = { snmp: DOWN.snmp, stations: null };
    const r2 = run([obs(1, snmpOff), obs(2, snmpOff)], SETTINGS, learn);
    expect(r2.changes).toMatchObject([{ condition: 'snmp-down', priority: 'P3' }]);
  });
});

describe('trunks, sip-slow, restarts', () => {
  it('trunks from traps and peers: some failed P2, all failed P1', () => {
    const trap = {
      receivedAt: at(1),
      from: '127.0.0.1',
      trapOid: '1.3.6.1.4.1.6889.2.2.1.2.0.50',
      kind: 'trunk-failure' as const,
      trunk: 'PRI 1',
      varbinds: [],
    };
    const peerOk = { trunkPeers: [{ name: 'carrier', result: { alive: true, transport: 'udp' as const } }] };
    const peerBad = {
      trunkPeers: [{ name: 'carrier', result: { alive: false, transport: 'udp' as const } }],
    };
    const r = run([obs(1, { ...peerOk, traps: [trap] }), obs(2, peerOk), obs(3, peerBad), obs(4, peerBad)]);
    expect(r.changes.map((c) => [c.change, c.priority, c.at, c.detectedAt])).toEqual([
      ['raised', 'P2', at(1), at(1)],
      ['updated', 'P1', at(3), at(1)],
    ]);
  });

  it('a trunk-failure trap raises at once (the PBX says so), without waiting for raiseAfter polls', () => {
    const trap = {
      receivedAt: at(1),
      from: '127.0.0.1',
      trapOid: '1.3.6.1.4.1.6889.2.2.1.2.0.50',
      kind: 'trunk-failure' as const,
      trunk: 'PRI 1',
      varbinds: [],
    };
    const first = detect(initialDetectorState(), obs(1, { traps: [trap] }), { ...SETTINGS, raiseAfter: 3 });
    expect(first.changes.map((c) => [c.condition, c.change, c.priority, c.detectedAt])).toEqual([
      ['trunks', 'raised', 'P1', at(1)],
    ]);
    // a failed trunk peer (a poll, not the PBX's word) still needs raiseAfter polls
    const peerBad = {
      trunkPeers: [{ name: 'carrier', result: { alive: false, transport: 'udp' as const } }],
    };
    expect(detect(initialDetectorState(), obs(1, peerBad), SETTINGS).changes).toEqual([]);
  });

  it('sip-slow uses the median of the last 10 round trips', () => {
    const rtt = (i: number, ms: number) =>
      obs(i, { sip: { alive: true, status: 200, rttMs: ms, transport: 'udp' } });
    // four slow outliers among fast answers: the median stays fast
    const mixed = [900, 20, 900, 20, 900, 20, 900, 20, 20, 20].map((ms, i) => rtt(i, ms));
    expect(run(mixed).changes).toEqual([]);
    const slow = [600, 700, 650, 800].map((ms, i) => rtt(i, ms));
    expect(run(slow).changes).toMatchObject([{ condition: 'sip-slow', priority: 'P3', detectedAt: at(0) }]);
  });

  it('pbx-restarted from sysUpTime going backwards: raised and cleared at once, P4, reported once', () => {
    const back = obs(2);
    back.snmp = { ...back.snmp!, sysUpTimeS: 40 };
    const again = obs(3);
    again.snmp = { ...again.snmp!, sysUpTimeS: 70 };
    const r = run([obs(1), back, again]);
    expect(r.changes.map((c) => [c.condition, c.change, c.priority])).toEqual([
      ['pbx-restarted', 'raised', 'P4'],
      ['pbx-restarted', 'cleared', 'P4'],
    ]);
  });

  it('a cold-start trap then a smaller sysUpTime is one restart', () => {
    const trap = {
      receivedAt: at(2) - 5000,
      from: 'x',
      trapOid: '1.3.6.1.4.1.6889.2.2.1.2.0.15',
      kind: 'cold-start' as const,
      varbinds: [],
    };
    const withTrap = obs(2, { traps: [trap], snmp: DOWN.snmp, stations: null });
    const back = obs(3);
    back.snmp = { ...back.snmp!, sysUpTimeS: 35 };
    const r = run([obs(1), withTrap, back]);
    expect(r.changes.filter((c) => c.condition === 'pbx-restarted')).toHaveLength(2);
  });
});
