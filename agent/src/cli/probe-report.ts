import type { Condition } from '@pbxwatch/core/protocol';
import type { AgentConfig } from '../config/schema.js';
import type { DetectResult } from '../detect/detector.js';
import type { PollObservation } from '../detect/observation.js';
import type { SipProbeResult } from '../poll/types.js';
import type { BrokerCheck } from './broker-check.js';

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
 * The conditions this poll would raise if its picture persisted `raiseAfter` polls.
 * @example
 * const clear = wouldRaise(result).length === 0;
 */
export function wouldRaise(r: DetectResult): { condition: Condition; priority: string; summary: string }[] {
  const out: { condition: Condition; priority: string; summary: string }[] = [];
  for (const [condition, v] of Object.entries(r.verdicts) as [
    Condition,
    DetectResult['verdicts'][Condition],
  ][])
    if (v?.state === 'bad') out.push({ condition, priority: v.priority, summary: v.summary });
  return out;
}

/** What to look at for each kind of broker failure a technician meets on site. */
function brokerHint(b: Extract<BrokerCheck, { ok: false }>): string {
  const e = b.error;
  if (b.stage === 'acks')
    return 'logged in, but as an account that does not own this site: broker.username must be the site id (or its own account)';
  if (/ECONNREFUSED/.test(e))
    return 'nothing listens there: check the host and port in broker.url, or the broker is down';
  if (/ENOTFOUND|EAI_AGAIN/.test(e))
    return 'the host name does not resolve: check broker.url and the gateway DNS';
  if (/username or password|Not authorized|not authori[sz]ed/i.test(e))
    return "check broker.username and broker.password (the site's secret shown once when the site was created)";
  if (/certificate|self[- ]signed|CERT_|altnames|issuer/i.test(e))
    return "TLS: check broker.tls.caFile (the CA that signed the broker's certificate) and that the URL host is the name on it";
  if (/within|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/.test(e))
    return 'no answer: a firewall on the way, or the WAN is down (the agent buffers events until it connects)';
  return 'see the error above';
}

function brokerLines(b: BrokerCheck | null): string[] {
  if (!b) return ['  not checked'];
  if (b.ok)
    return [
      `  logged in to ${b.url} as ${b.username} in ${Math.round(b.connectMs)} ms${b.secure ? ' over TLS' : ''}; acks subscription granted`,
    ];
  const what = b.stage === 'connect' ? 'NOT LOGGED IN' : 'ACKS REFUSED';
  return [`  ${what}: ${b.url} as ${b.username}: ${b.error}`, `  -> ${brokerHint(b)}`];
}

/**
 * The technician's report of one `probe`: what answered, model/release and eligibility, stations,
 * SIP, trunk peers, the broker login, and the conditions the agent would raise if this persisted.
 * @example
 * console.log(formatProbeReport(cfg, obs, result, 'learned baseline from /var/lib/pbxwatch', brokerCheck));
 */
export function formatProbeReport(
  cfg: AgentConfig,
  o: PollObservation,
  r: DetectResult,
  baselineNote: string,
  broker: BrokerCheck | null,
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
  L.push('', 'Broker (NOC)', ...brokerLines(broker));
  L.push('', `Conditions (raised by the daemon after ${cfg.thresholds.raiseAfter} consecutive bad polls)`);
  const bad = wouldRaise(r);
  if (bad.length === 0) L.push('  none: all clear');
  for (const b of bad) L.push(`  ${b.priority} ${b.condition}: ${b.summary}`);
  return `${L.join('\n')}\n`;
}

function formatUptime(s: number): string {
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${d}d ${h}h ${m}m`;
}
