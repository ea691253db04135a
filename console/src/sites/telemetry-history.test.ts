import { encodeMessage, siteTopic } from '@pbxwatch/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prep } from '../store/statements.js';
import { type Harness, makeHarness } from '../test-helpers/harness.js';
import { telemetryMessage } from '../test-helpers/telemetry-message.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('telemetry history', () => {
  let h: Harness;
  beforeEach(() => {
    h = makeHarness();
    h.sites.create({ id: 'acme-hq', name: 'Acme HQ', timeZone: 'UTC' });
  });
  afterEach(() => h.close());

  /** Feeds one telemetry message through the real ingest path and commits it. */
  const receive = (msg: ReturnType<typeof telemetryMessage>) => {
    h.ingest.receive(siteTopic('acme-hq', 'telemetry'), encodeMessage('telemetry', msg));
    h.ingest.flush();
  };
  const rows = () => (prep(h.db, 'SELECT COUNT(*) AS n FROM site_telemetry').get() as { n: number }).n;

  it("keeps the newest poll as the site's last telemetry, whatever order the polls arrive in", () => {
    const now = h.clock.t;
    const last = () =>
      (h.sites.find('acme-hq')?.lastTelemetry as { stations?: { connected: number } } | null)?.stations
        ?.connected;
    receive(telemetryMessage('acme-hq', now - MIN, now, { connected: 40 }));
    expect(last()).toBe(40);
    // Delivered after it from the outbox: an older poll (during the WAN cut) must not replace it.
    receive(telemetryMessage('acme-hq', now - 20 * MIN, now, { connected: 12, seq: 2 }));
    expect(last()).toBe(40);
    expect(h.sites.find('acme-hq')?.lastSeenAt).toBe(now);
    receive(telemetryMessage('acme-hq', now, now, { connected: 44, seq: 3 }));
    expect(last()).toBe(44);
  });

  it('keeps newest, lowest and mean per bucket; a bucket without polls is a gap, not a zero', () => {
    const now = h.clock.t; // 15:00:00, the start of a 5-minute bucket
    receive(telemetryMessage('acme-hq', now - 10 * MIN, h.clock.t, { connected: 40, sipRttMs: 10 }));
    receive(telemetryMessage('acme-hq', now - 9 * MIN, h.clock.t, { connected: 30, sipRttMs: 30 }));
    receive(telemetryMessage('acme-hq', now - 8 * MIN, h.clock.t, { connected: 44, sipRttMs: null }));
    // A poll replayed late from the outbox: counted, but not the newest.
    receive(telemetryMessage('acme-hq', now - 10 * MIN + 5000, h.clock.t, { connected: 20, sipRttMs: 20 }));
    const s = h.telemetry.series('acme-hq', '24h', now);
    expect(s.points).toHaveLength(288);
    expect(s.to).toBe(now + 5 * MIN);
    expect(s.from).toBe(now + 5 * MIN - 24 * HOUR);
    const at = (t: number) => s.points.find((p) => p.at === t)!;
    expect(at(now - 10 * MIN)).toEqual({
      at: now - 10 * MIN,
      samples: 4,
      connected: 44,
      connectedMin: 20,
      monitored: 48,
      ratio: 0.9167,
      ratioMin: 0.4167,
      sipRttMs: 20,
      sipRttMaxMs: 30,
    });
    expect(at(now - 5 * MIN)).toMatchObject({ samples: 0, connected: null, ratio: null, sipRttMs: null });
    expect(s.points.filter((p) => p.samples > 0)).toHaveLength(1);
    const week = h.telemetry.series('acme-hq', '7d', now);
    expect(week.points).toHaveLength(168);
    expect(week.points.find((p) => p.at === now - HOUR)).toMatchObject({ samples: 4, connectedMin: 20 });
  });

  it('a poll without stations or SIP leaves those values null', () => {
    receive(telemetryMessage('acme-hq', h.clock.t, h.clock.t, { stations: null, sipRttMs: null }));
    const p = h.telemetry.series('acme-hq', '24h', h.clock.t).points.at(-1)!;
    expect(p).toMatchObject({ samples: 1, connected: null, monitored: null, ratio: null, sipRttMs: null });
  });

  it("files polls under the agent's corrected time, never in the future", () => {
    // The agent's clock is 2 h behind: sentAt and at both read 13:00 when it is 15:00.
    const skew = -2 * HOUR;
    receive(telemetryMessage('acme-hq', h.clock.t + skew - 30 * MIN, h.clock.t + skew));
    const filled = h.telemetry.series('acme-hq', '24h', h.clock.t).points.filter((p) => p.samples);
    expect(filled.map((p) => new Date(p.at).toISOString())).toEqual(['2026-11-23T14:30:00.000Z']);
    // A poll stamped after its own arrival lands in the current bucket.
    receive(telemetryMessage('acme-hq', h.clock.t + HOUR, h.clock.t));
    expect(h.telemetry.series('acme-hq', '24h', h.clock.t).points.at(-1)!.samples).toBe(1);
  });

  it('prunes expired buckets from the periodic liveness check, at most once per 5 minutes', () => {
    receive(telemetryMessage('acme-hq', h.clock.t - 23 * HOUR, h.clock.t));
    expect(rows()).toBe(2); // a 5-minute and an hourly bucket
    // A backlog older than a range's window is not stored in it.
    receive(telemetryMessage('acme-hq', h.clock.t - 30 * HOUR, h.clock.t));
    expect(rows()).toBe(3);
    h.liveness.start();
    h.timers.advance(2 * HOUR);
    // 23 h + 2 h: the 5-minute bucket left the 24 h window; both hourly buckets remain.
    expect(rows()).toBe(2);
    expect(h.telemetry.prune(h.clock.t)).toBe(0); // same 5-minute bucket: no second delete
    h.clock.t += 7 * 24 * HOUR;
    expect(h.telemetry.prune(h.clock.t)).toBe(2);
  });
});
