import type { AgentConfig } from '../config/schema.js';
import type { DetectResult } from '../detect/detector.js';
import type { DetectedChange, PollObservation } from '../detect/observation.js';
import type { EventBody, TelemetryBody } from '../outbox/outbox.js';

const cut = (s: string | undefined, n: number) => (s === undefined ? undefined : s.slice(0, n));

/**
 * The per-poll telemetry message body (without envelope) from an observation and its detection.
 * @example
 * pub.publishTelemetry(buildTelemetry(cfg, obs, result));
 */
export function buildTelemetry(cfg: AgentConfig, o: PollObservation, r: DetectResult): TelemetryBody {
  const trunks = r.verdicts.trunks;
  const trunkDetail =
    trunks && trunks.state !== 'unknown' ? (trunks.detail as { total: number; failed: number }) : null;
  const body: TelemetryBody = {
    kind: 'telemetry',
    at: new Date(o.at).toISOString(),
    pbx: {
      vendor: cfg.pbx.vendor,
      snmp: o.snmp?.answered ?? false,
      sip: o.sip?.alive ?? false,
      model: cut(o.snmp?.model, 200),
      release: cut(o.snmp?.release, 100),
      sysUpTimeS: o.snmp?.answered ? o.snmp.sysUpTimeS : undefined,
    },
  };
  if (r.stations && o.stations)
    body.stations = {
      connected: r.stations.connected,
      monitored: r.stations.monitored,
      unmonitored: r.stations.unmonitored,
      source: o.stations.source.slice(0, 100),
    };
  if (o.sip?.alive) {
    if (o.sip.rttMs !== undefined) body.sipRttMs = Math.max(0, o.sip.rttMs);
    if (o.sip.status !== undefined && o.sip.status >= 100 && o.sip.status <= 699)
      body.sipStatus = o.sip.status;
  }
  if (trunkDetail) body.trunks = { total: trunkDetail.total, failed: trunkDetail.failed };
  if (o.snmp?.eligibility)
    body.eligibility = o.snmp.eligibility.slice(0, 20).map((e) => ({
      rule: e.rule.slice(0, 100),
      ok: e.ok,
      message: e.message.slice(0, 300),
    }));
  return body;
}

/**
 * The outbox body of a detected change. `atUptimeMs` counts from the boot named by
 * `detail.atBootId`, which differs from the envelope's `bootId` when the event is sent after an
 * agent restart (or its run began before one).
 * @example
 * outbox.addEvent(eventBody(change));
 */
export function eventBody(c: DetectedChange): Omit<EventBody, 'id'> {
  const detail = { ...c.detail, atBootId: c.atBootId };
  return {
    kind: 'event',
    condition: c.condition,
    change: c.change,
    priority: c.priority,
    at: new Date(c.at).toISOString(),
    atUptimeMs: Math.max(0, c.atUptimeMs),
    detectedAt: new Date(c.detectedAt).toISOString(),
    summary: c.summary.slice(0, 500),
    detail,
  };
}
