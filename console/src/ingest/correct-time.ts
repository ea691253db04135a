import type { EventMessage } from '@pbxwatch/core';

/**
 * An event's times in console time, and whether they had to be corrected.
 * @example
 * const { at, corrected }: CorrectedTimes = correctEventTimes(ev, now, offset, 5000);
 */
export interface CorrectedTimes {
  at: number;
  detectedAt: number;
  agentAt: number;
  corrected: boolean;
  offsetMs: number;
}

/**
 * Converts an event's agent times to console time. Where the event happened in this boot
 * (`atUptimeMs` ≤ the envelope's `uptimeMs`), its instant is the send instant (corrected by the
 * offset) minus the monotonic uptime elapsed since, which survives a wall-clock step between the
 * two; otherwise (an event of an earlier boot, `atBoot`, or an uptime from another boot) that boot's offset is applied to `at`. `detectedAt` moves by the same amount. Nothing may
 * lie in the future: times after `receivedAt` are clamped to it. A correction smaller than
 * `toleranceMs` is treated as none (network delay), so ordinary agents are never flagged.
 * @example
 * correctEventTimes(ev, Date.now(), 3_600_000, 5000); // { at: ..., corrected: true, offsetMs: 3600000 }
 */
export function correctEventTimes(
  ev: EventMessage,
  receivedAt: number,
  offsetMs: number,
  toleranceMs: number,
  atBoot: { same: boolean; offsetMs: number } = { same: true, offsetMs },
): CorrectedTimes {
  const agentAt = Date.parse(ev.at);
  const agentDetected = Date.parse(ev.detectedAt);
  const sentAt = Date.parse(ev.sentAt);
  let at: number;
  if (!atBoot.same) {
    // Happened in an earlier boot (the agent's `detail.atBootId`): its uptime means nothing now,
    // so that boot's own clock offset is applied to its wall time.
    at = Math.abs(atBoot.offsetMs) < toleranceMs ? agentAt : agentAt + atBoot.offsetMs;
  } else if (
    Math.abs(offsetMs) < toleranceMs &&
    ev.atUptimeMs <= ev.uptimeMs &&
    Math.abs(sentAt - (ev.uptimeMs - ev.atUptimeMs) - agentAt) < toleranceMs
  ) {
    at = agentAt;
  } else if (ev.atUptimeMs <= ev.uptimeMs) {
    at = sentAt + offsetMs - (ev.uptimeMs - ev.atUptimeMs);
  } else {
    at = agentAt + offsetMs;
  }
  // Uptimes are fractional (performance.now); stored instants are whole milliseconds.
  at = Math.round(at);
  let corrected = at !== agentAt;
  let detectedAt = agentDetected + (at - agentAt);
  if (at > receivedAt) {
    at = receivedAt;
    corrected = true;
  }
  if (detectedAt > receivedAt) {
    detectedAt = receivedAt;
    corrected = true;
  }
  const applied = atBoot.same ? offsetMs : atBoot.offsetMs;
  return { at, detectedAt, agentAt, corrected, offsetMs: corrected ? applied : 0 };
}

/**
 * The console-time instant of a telemetry poll: the agent's `at` (wall time of the poll) moved by
 * the boot's clock offset, or left as is when the offset is within `toleranceMs` (network delay),
 * and never after `receivedAt`. Telemetry waits in the agent's outbox through a WAN cut and is
 * sent later under a fresh envelope, so the receive time would pile a backlog into one bucket;
 * it carries no uptime of the poll, so the current boot's offset is the best estimate.
 * @example
 * correctTelemetryTime(Date.parse(tel.at), Date.now(), 3_600_000, 5000);
 */
export function correctTelemetryTime(
  agentAt: number,
  receivedAt: number,
  offsetMs: number,
  toleranceMs: number,
): number {
  const at = Math.abs(offsetMs) < toleranceMs ? agentAt : agentAt + offsetMs;
  return Math.min(Math.round(at), receivedAt);
}
