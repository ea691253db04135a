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
 * two; otherwise the offset is applied to `at`. `detectedAt` moves by the same amount. Nothing may
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
): CorrectedTimes {
  const agentAt = Date.parse(ev.at);
  const agentDetected = Date.parse(ev.detectedAt);
  const sentAt = Date.parse(ev.sentAt);
  let at: number;
  if (
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
  return { at, detectedAt, agentAt, corrected, offsetMs: corrected ? offsetMs : 0 };
}
