import type { TelemetryMessage } from '@pbxwatch/core';
import type { Database } from 'better-sqlite3';
import { prep } from '../store/statements.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The chart ranges: bucket length and how many buckets end at the current one. Each range is
 * stored at its own resolution, so the bucket lengths double as the stored spans.
 * @example
 * TELEMETRY_RANGES['24h']; // { spanMs: 300000, buckets: 288 }
 */
export const TELEMETRY_RANGES = {
  '24h': { spanMs: 5 * MINUTE, buckets: 288 },
  '7d': { spanMs: HOUR, buckets: 168 },
} as const;

/**
 * A chart range name.
 * @example
 * const r: TelemetryRange = '7d';
 */
export type TelemetryRange = keyof typeof TELEMETRY_RANGES;

/**
 * One bucket of a series; every value is null when no poll in the bucket reported it (a gap,
 * never a zero).
 * @example
 * const p: TelemetryPoint = { at, samples: 10, connected: 40, connectedMin: 38, monitored: 48, ratio: 0.8333, ratioMin: 0.7917, sipRttMs: 12.4, sipRttMaxMs: 20 };
 */
export interface TelemetryPoint {
  /** Bucket start, epoch ms. */
  at: number;
  /** Telemetry messages in the bucket (0: none arrived). */
  samples: number;
  /** Newest station counts in the bucket. */
  connected: number | null;
  connectedMin: number | null;
  monitored: number | null;
  /** connected / monitored of the newest counts, and the lowest ratio of the bucket. */
  ratio: number | null;
  ratioMin: number | null;
  /** Mean and highest SIP OPTIONS round trip. */
  sipRttMs: number | null;
  sipRttMaxMs: number | null;
}

/**
 * A dense series: one point per bucket from `from` (inclusive) to `to` (exclusive).
 * @example
 * const s: TelemetrySeries = history.series('acme-hq', '24h', Date.now());
 */
export interface TelemetrySeries {
  range: TelemetryRange;
  bucketMs: number;
  from: number;
  to: number;
  points: TelemetryPoint[];
}

interface Row {
  bucket: number;
  samples: number;
  connected: number | null;
  monitored: number | null;
  connected_min: number | null;
  ratio_min: number | null;
  rtt_n: number;
  rtt_sum: number;
  rtt_max: number | null;
}

// The newest counts stay the newest: a poll replayed late from the agent's outbox (after a WAN
// cut) may land in a bucket that already holds later polls. min(a, NULL) is NULL in SQLite, hence
// the COALESCEs.
const UPSERT = `
INSERT INTO site_telemetry (site_id, span_ms, bucket, samples, last_at, connected, monitored, connected_min,
  ratio_min, rtt_n, rtt_sum, rtt_max)
VALUES (@site, @span, @bucket, 1, @at, @connected, @monitored, @connected, @ratio, @rttN, @rtt, @rttMax)
ON CONFLICT (site_id, span_ms, bucket) DO UPDATE SET
  samples = samples + 1,
  last_at = max(last_at, excluded.last_at),
  connected = CASE WHEN excluded.connected IS NOT NULL AND (connected IS NULL OR excluded.last_at >= last_at)
    THEN excluded.connected ELSE connected END,
  monitored = CASE WHEN excluded.monitored IS NOT NULL AND (monitored IS NULL OR excluded.last_at >= last_at)
    THEN excluded.monitored ELSE monitored END,
  connected_min = COALESCE(min(connected_min, excluded.connected_min), connected_min, excluded.connected_min),
  ratio_min = COALESCE(min(ratio_min, excluded.ratio_min), ratio_min, excluded.ratio_min),
  rtt_n = rtt_n + excluded.rtt_n,
  rtt_sum = rtt_sum + excluded.rtt_sum,
  rtt_max = COALESCE(max(rtt_max, excluded.rtt_max), rtt_max, excluded.rtt_max)`;

const ratioOf = (connected: number, monitored: number): number | null =>
  monitored > 0 ? Math.round((connected / monitored) * 10_000) / 10_000 : null;

/**
 * Per-site telemetry history for the site page's charts (migration 003). `record` runs inside the
 * ingest transaction: two upserts on the primary key per message, no read and no delete; `prune`
 * drops expired buckets from the periodic liveness check.
 * @example
 * const h = new TelemetryHistory(db);
 * h.record('acme-hq', at, telemetry, receivedAt);
 * h.series('acme-hq', '24h', Date.now()).points.length; // 288
 */
export class TelemetryHistory {
  private prunedAt = -1;

  constructor(private readonly db: Database) {}

  /**
   * Adds one poll at `at` (console time) to its 5-minute and hourly buckets. A poll older than a
   * range's window (a long outbox backlog) is not stored in it: it would only be pruned again.
   */
  record(siteId: string, at: number, m: Pick<TelemetryMessage, 'stations' | 'sipRttMs'>, now: number): void {
    const st = m.stations;
    const rtt = m.sipRttMs;
    const params = {
      site: siteId,
      at,
      connected: st ? st.connected : null,
      monitored: st ? st.monitored : null,
      ratio: st ? ratioOf(st.connected, st.monitored) : null,
      rttN: rtt === undefined ? 0 : 1,
      rtt: rtt ?? 0,
      rttMax: rtt ?? null,
    };
    const upsert = prep(this.db, UPSERT);
    for (const { spanMs, buckets } of Object.values(TELEMETRY_RANGES)) {
      const bucket = Math.floor(at / spanMs) * spanMs;
      if (bucket < windowStart(now, spanMs, buckets)) continue;
      upsert.run({ ...params, span: spanMs, bucket });
    }
  }

  /** The range's buckets up to and including the one holding `now`. */
  series(siteId: string, range: TelemetryRange, now: number): TelemetrySeries {
    const { spanMs, buckets } = TELEMETRY_RANGES[range];
    const from = windowStart(now, spanMs, buckets);
    const to = from + buckets * spanMs;
    const rows = prep(
      this.db,
      `SELECT bucket, samples, connected, monitored, connected_min, ratio_min, rtt_n, rtt_sum, rtt_max
         FROM site_telemetry WHERE site_id = ? AND span_ms = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`,
    ).all(siteId, spanMs, from, to) as Row[];
    const byBucket = new Map(rows.map((r) => [r.bucket, r]));
    const points: TelemetryPoint[] = [];
    for (let at = from; at < to; at += spanMs) points.push(toPoint(at, byBucket.get(at)));
    return { range, bucketMs: spanMs, from, to, points };
  }

  /**
   * Deletes buckets older than their range's window; cheap to call often (it works at most once
   * per 5-minute bucket). Returns the rows deleted.
   */
  prune(now: number): number {
    const tick = Math.floor(now / TELEMETRY_RANGES['24h'].spanMs);
    if (tick === this.prunedAt) return 0;
    this.prunedAt = tick;
    let n = 0;
    for (const { spanMs, buckets } of Object.values(TELEMETRY_RANGES)) {
      n += prep(this.db, 'DELETE FROM site_telemetry WHERE span_ms = ? AND bucket < ?').run(
        spanMs,
        windowStart(now, spanMs, buckets),
      ).changes;
    }
    return n;
  }
}

/** Start of the oldest bucket of a window of `buckets` ending with the one holding `now`. */
function windowStart(now: number, spanMs: number, buckets: number): number {
  return (Math.floor(now / spanMs) - buckets + 1) * spanMs;
}

function toPoint(at: number, r: Row | undefined): TelemetryPoint {
  if (!r) {
    return {
      at,
      samples: 0,
      connected: null,
      connectedMin: null,
      monitored: null,
      ratio: null,
      ratioMin: null,
      sipRttMs: null,
      sipRttMaxMs: null,
    };
  }
  const counts = r.connected !== null && r.monitored !== null;
  return {
    at,
    samples: r.samples,
    connected: r.connected,
    connectedMin: r.connected_min,
    monitored: r.monitored,
    ratio: counts ? ratioOf(r.connected as number, r.monitored as number) : null,
    ratioMin: r.ratio_min,
    sipRttMs: r.rtt_n > 0 ? Math.round((r.rtt_sum / r.rtt_n) * 10) / 10 : null,
    sipRttMaxMs: r.rtt_max,
  };
}
