import type { StationReading } from '../../poll/types.js';
import type { DetectorSettings, PollObservation } from '../observation.js';

export const BOOT = '00000000-0000-4000-8000-000000000001';
export const T0 = Date.parse('2025-03-03T10:00:00Z');
export const SETTINGS: DetectorSettings = {
  degradedRatio: 0.25,
  raiseAfter: 2,
  clearAfter: 3,
  slowMs: 500,
  baselineWindow: 7 * 86_400_000,
  expectedStations: null,
};

/** N stations of which the first `down` are not connected. */
export function stations(n: number, down = 0): StationReading[] {
  return Array.from({ length: n }, (_, i) => ({
    key: String(200 + i),
    connected: i >= down,
    type: 'ipPhone',
  }));
}

/** A healthy poll at poll number `i` (30 s apart), with overrides. */
export function obs(
  i: number,
  over: Partial<PollObservation> & { readings?: StationReading[] } = {},
): PollObservation {
  const { readings, ...rest } = over;
  return {
    at: T0 + i * 30_000,
    uptimeMs: 1000 + i * 30_000,
    bootId: BOOT,
    snmp: { answered: true, vendor: 'ipoffice', sysUpTimeS: 1000 + i * 30, durationMs: 5 },
    sip: { alive: true, status: 200, rttMs: 20, transport: 'udp' },
    stations: { readings: readings ?? stations(20), source: 'ipo-phones-table' },
    trunkPeers: [],
    traps: [],
    ...rest,
  };
}

export const DOWN = {
  snmp: { answered: false, error: 'timeout', vendor: 'ipoffice' as const, durationMs: 2000 },
  sip: { alive: false, error: 'timeout', transport: 'udp' as const },
  stations: null,
};
