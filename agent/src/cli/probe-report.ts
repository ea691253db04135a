import type { Condition } from '@pbxwatch/core/protocol';
import type { AgentConfig } from '../config/schema.js';
import type { DetectResult } from '../detect/detector.js';
import type { PollObservation } from '../detect/observation.js';
import type { SipProbeResult } from '../poll/types.js';

const sipLine = (r: SipProbeResult | null) =>
  !r
    ? 'not configured'
    : r.alive
      ? `answered ${r.status ?? ''} ${r.reason ?? ''} in ${r.rttMs?.toFixed(1) ?? '?'} ms over ${r.transport}`.replace(
          / +/g,
          ' ',
        )
      : `NO ANSWER over ${r.transport} (${r.error ?? 'timeout'})`;

/**
 * The technician's report of one `probe`: what answered, model/release and eligibility, stations,
 * SIP, trunk peers and the conditions the agent would raise if this persisted.
 * @example
 * console.log(formatProbeReport(cfg, obs, result, 'learned baseline from /var/lib/pbxwatch'));
 */
export function formatProbeReport(
  cfg: AgentConfig,
  o: PollObservation,
  r: DetectResult,
  baselineNote: string,
): string {
  const L: string[] = [];
  L.push(`pbxwatch probe: site ${cfg.site.id}, ${cfg.pbx.vendor} at ${cfg.pbx.host}`, '');
  const s = o.snmp;
  L.push('SNMP');
  if (!s) L.push('  not configured');
  else if (!s.answered)
    L.push(`  NO ANSWER (${s.error ?? 'timeout'}) from ${cfg.pbx.host}:${cfg.pbx.snmp?.port}`);
  else {
    L.push(`  answered in ${Math.round(s.durationMs)} ms${s.error ? ` (partly: ${s.error})` : ''}`);
    if (s.sysDescr) L.push(`  sysDescr: ${s.sysDescr}`);
    L.push(
      `  model: ${s.model ?? 'unknown'}   release: ${s.release ?? 'unknown'}${s.build ? `   build: ${s.build}` : ''}`,
    );
    if (s.sysUpTimeS !== undefined) L.push(`  up for: ${formatUptime(s.sysUpTimeS)}`);
    for (const e of s.eligibility ?? []) L.push(`  eligibility: ${e.ok ? 'OK  ' : 'FAIL'} ${e.message}`);
    if (s.interfaces)
      L.push(`  interfaces up: ${s.interfaces.filter((i) => i.up).length}/${s.interfaces.length}`);
  }
  L.push('', 'SIP OPTIONS to the PBX', `  ${sipLine(o.sip)}`);
  L.push('', 'Stations');
  if (!r.stations || !o.stations) L.push('  unknown (no station source answered)');
  else {
    const c = r.stations;
    L.push(
      `  source: ${o.stations.source}; expected set: ${c.expectedFrom === 'config' ? 'from the config list' : baselineNote}`,
    );
    L.push(
      `  connected ${c.connected} of ${c.monitored} monitored; ${c.unmonitored} unmonitored (analogue, always look present)`,
    );
    if (c.downCount > 0)
      L.push(`  not connected: ${c.down.join(', ')}${c.downCount > c.down.length ? ', ...' : ''}`);
  }
  L.push('', 'Trunk peers');
  if (o.trunkPeers.length === 0) L.push('  none configured');
  for (const t of o.trunkPeers) L.push(`  ${t.name}: ${sipLine(t.result)}`);
  L.push('', `Conditions (raised by the daemon after ${cfg.thresholds.raiseAfter} consecutive bad polls)`);
  const bad = (
    Object.entries(r.verdicts) as [Condition, NonNullable<DetectResult['verdicts'][Condition]>][]
  ).filter(([, v]) => v.state === 'bad');
  if (bad.length === 0) L.push('  none: all clear');
  for (const [cond, v] of bad) if (v.state === 'bad') L.push(`  ${v.priority} ${cond}: ${v.summary}`);
  return `${L.join('\n')}\n`;
}

function formatUptime(s: number): string {
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${d}d ${h}h ${m}m`;
}
