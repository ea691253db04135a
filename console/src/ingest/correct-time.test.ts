import type { EventMessage } from '@pbxwatch/core';
import { describe, expect, it } from 'vitest';
import { ClockOffsetEstimator } from './clock-offset.js';
import { correctEventTimes, correctTelemetryTime } from './correct-time.js';

const T = Date.parse('2026-11-23T15:00:00Z');
const H = 3_600_000;

function ev(agentNow: number, agoMs: number, p: Partial<EventMessage> = {}): EventMessage {
  return {
    v: 1,
    kind: 'event',
    id: '0b6f3c1e-8f7a-4c55-9a51-2d0c6f0a9e11',
    siteId: 'a',
    bootId: 'c2b3d8a4-4f6e-4e0b-8e8e-0a5b8c3d2e1f',
    seq: 1,
    sentAt: new Date(agentNow).toISOString(),
    uptimeMs: 500_000,
    condition: 'pbx-down',
    change: 'raised',
    priority: 'P1',
    at: new Date(agentNow - agoMs).toISOString(),
    atUptimeMs: 500_000 - agoMs,
    detectedAt: new Date(agentNow - agoMs).toISOString(),
    summary: '',
    detail: {},
    ...p,
  };
}

describe('clock offset estimate', () => {
  it('takes the median of recent samples of one boot and restarts on a new boot', () => {
    const est = new ClockOffsetEstimator();
    est.sample('a', 'b1', T - H, T + 20);
    est.sample('a', 'b1', T - H, T + 5000); // one delayed message
    expect(est.sample('a', 'b1', T - H, T + 30)).toBe(H + 30);
    expect(est.offset('a', 'b2')).toBeNull();
    expect(est.sample('a', 'b2', T, T + 10)).toBe(10);
    expect(est.offset('a', 'b1')).toBe(H + 30); // remembered for late events of that boot
  });
});

describe('event time correction', () => {
  it('leaves a healthy agent alone', () => {
    const r = correctEventTimes(ev(T, 5000), T + 40, 40, 5000);
    expect(r).toMatchObject({ at: T - 5000, detectedAt: T - 5000, corrected: false, offsetMs: 0 });
  });

  it('moves the times of an agent two hours slow, using uptime since the event', () => {
    const r = correctEventTimes(
      ev(T - 2 * H, 60_000, { detectedAt: new Date(T - 2 * H - 120_000).toISOString(), change: 'cleared' }),
      T,
      2 * H,
      5000,
    );
    expect(r).toMatchObject({ at: T - 60_000, detectedAt: T - 120_000, corrected: true, offsetMs: 2 * H });
  });

  it('stores whole milliseconds when uptimes are fractional', () => {
    const r = correctEventTimes(
      ev(T - 2 * H, 60_000, { uptimeMs: 500_000.37, atUptimeMs: 440_000.91 }),
      T,
      2 * H,
      5000,
    );
    expect(Number.isInteger(r.at)).toBe(true);
    expect(Number.isInteger(r.detectedAt)).toBe(true);
    expect(r.at).toBe(T - 59_999); // T - 59,999.46 ms, rounded
  });

  it('survives an agent clock step between the event and its send (uptime is monotonic)', () => {
    // Event stamped by a wrong clock (1970-ish), sent after NTP fixed it: offset now ~0.
    const e = ev(T, 30_000, {
      at: new Date(30_000).toISOString(),
      detectedAt: new Date(30_000).toISOString(),
    });
    const r = correctEventTimes(e, T + 10, 10, 5000);
    expect(r.at).toBe(T + 10 - 30_000);
    expect(r.corrected).toBe(true);
  });

  it('clamps times in the future to the receive time', () => {
    const e = ev(T + H, 0, { atUptimeMs: 600_000 }); // event from an earlier boot: only the offset applies
    const r = correctEventTimes(e, T, 0, 5000);
    expect(r.at).toBe(T);
    expect(r.detectedAt).toBe(T);
    expect(r.corrected).toBe(true);
  });

  it("applies the earlier boot's own offset to an event of that boot sent after a restart", () => {
    // The old boot ran an hour slow; the new boot's clock is right.
    const e = ev(T, 0, {
      at: new Date(T - H - 600_000).toISOString(),
      detectedAt: new Date(T - H - 600_000).toISOString(),
      atUptimeMs: 100,
    });
    const r = correctEventTimes(e, T + 10, 10, 5000, { same: false, offsetMs: H });
    expect(r).toMatchObject({ at: T - 600_000, corrected: true, offsetMs: H });
  });

  it('remembers the offsets of past boots', () => {
    const est = new ClockOffsetEstimator();
    est.sample('a', 'old', T - H, T);
    est.sample('a', 'new', T, T + 5);
    expect(est.offset('a', 'old')).toBe(H);
    expect(est.offset('a', 'new')).toBe(5);
  });
});

describe('correctTelemetryTime', () => {
  it('applies the offset beyond the tolerance, and clamps to the receive time', () => {
    expect(correctTelemetryTime(T - 60_000, T, 2000, 5000)).toBe(T - 60_000);
    expect(correctTelemetryTime(T - H - 60_000, T, H, 5000)).toBe(T - 60_000);
    expect(correctTelemetryTime(T + 60_000, T, 0, 5000)).toBe(T);
  });
});
