import type { StationReading } from '../poll/types.js';

/**
 * Learned station baseline: station key → last time it was seen connected (epoch ms).
 * @example
 * const b: Baseline = { '201': 1700000000000 };
 */
export type Baseline = Record<string, number>;

/**
 * Adds this poll's connected stations to the baseline and forgets those not seen within `window`
 * (detection.md: the expected set is every station seen connected in the last 7 days). A PBX
 * restart does not touch it: only time does.
 * @example
 * learnBaseline({}, [{ key: '201', connected: true }], now, 7 * 86_400_000); // { '201': now }
 */
export function learnBaseline(
  prev: Baseline,
  readings: StationReading[],
  at: number,
  window: number,
): Baseline {
  const next: Baseline = {};
  for (const [k, seen] of Object.entries(prev)) if (seen >= at - window) next[k] = seen;
  for (const r of readings) if (r.connected === true) next[r.key] = Math.max(next[r.key] ?? 0, at);
  return next;
}

/** Station counts of one poll, as used for the ratio and shown in telemetry and `probe`. */
export interface StationCounts {
  /** Expected and monitorable. */
  monitored: number;
  /** Monitored and connected now. */
  connected: number;
  /** Present but not judgeable (analogue: always looks present). */
  unmonitored: number;
  /** Keys of monitored stations not connected (first 50, for the event detail). */
  down: string[];
  downCount: number;
  /** Where the expected set came from. */
  expectedFrom: 'config' | 'learned';
}

/**
 * Counts stations against the expected set: a listed or learned station missing from the readings,
 * or read as not connected, is down; an unmonitored reading (`connected: null`) is left out.
 * @example
 * countStations(readings, ['201', '202'], 'config').downCount;
 */
export function countStations(
  readings: StationReading[],
  expected: string[],
  expectedFrom: 'config' | 'learned',
): StationCounts {
  const byKey = new Map(readings.map((r) => [r.key, r]));
  let monitored = 0;
  let connected = 0;
  const down: string[] = [];
  let downCount = 0;
  for (const key of expected) {
    const r = byKey.get(key);
    if (r && r.connected === null) continue;
    monitored++;
    if (r?.connected === true) connected++;
    else {
      downCount++;
      if (down.length < 50) down.push(key);
    }
  }
  const unmonitored = readings.filter((r) => r.connected === null).length;
  return { monitored, connected, unmonitored, down, downCount, expectedFrom };
}
