import type { TelemetryMessage } from '@pbxwatch/core';

/**
 * A valid telemetry message of one poll at `at`, sent at `sentAt` (epoch ms, agent clock: the
 * console estimates the agent's clock offset from `sentAt`); `stations: null` and
 * `sipRttMs: null` leave those fields out.
 * @example
 * const m = telemetryMessage('acme-hq', now - 60_000, now, { connected: 40 });
 * ingest.receive(siteTopic('acme-hq', 'telemetry'), encodeMessage('telemetry', m));
 */
export function telemetryMessage(
  siteId: string,
  at: number,
  sentAt: number,
  p: {
    connected?: number;
    monitored?: number;
    stations?: null;
    sipRttMs?: number | null;
    bootId?: string;
    seq?: number;
  } = {},
): TelemetryMessage {
  const monitored = p.monitored ?? 48;
  return {
    v: 1,
    kind: 'telemetry',
    siteId,
    bootId: p.bootId ?? 'c2b3d8a4-4f6e-4e0b-8e8e-0a5b8c3d2e1f',
    seq: p.seq ?? 1,
    sentAt: new Date(sentAt).toISOString(),
    uptimeMs: 3_600_000,
    at: new Date(at).toISOString(),
    pbx: { vendor: 'ipoffice', snmp: true, sip: p.sipRttMs !== null, model: 'IP500 V2', release: '11.1.3.1' },
    ...(p.stations === null
      ? {}
      : {
          stations: {
            connected: p.connected ?? monitored,
            monitored,
            unmonitored: 2,
            source: 'ipo-phones-table',
          },
        }),
    ...(p.sipRttMs === null ? {} : { sipRttMs: p.sipRttMs ?? 12.5 }),
  };
}
