import type { AgentConfig } from '../config/schema.js';
import type { PollObservation } from '../detect/observation.js';
import type { SipProbeResult, StationReading, TrapNotice } from '../poll/types.js';
import type { ProbeRequest, Watchers } from './watchers.js';

/** Time of a poll as the caller sees it (wall + uptime + boot), captured when the poll starts. */
export interface PollStamp {
  at: number;
  uptimeMs: number;
  bootId: string;
}

const noAnswer = (transport: SipProbeResult['transport'], error: string): SipProbeResult => ({
  alive: false,
  transport,
  error,
});

async function safeProbe(w: Watchers, r: ProbeRequest): Promise<SipProbeResult> {
  try {
    return await w.sip.probe(r);
  } catch (e) {
    // The prober rejects only for a bad URI/transport: report it as no answer, never crash a poll.
    return noAnswer(r.transport ?? 'udp', `probe error: ${(e as Error).message}`);
  }
}

/**
 * Runs one poll of everything in parallel (SNMP, OPTIONS to the PBX, to each trunk peer and to
 * each listed station with a URI) and assembles the detector's observation. Never throws.
 *
 * Stations: SNMP readings (IP Office table or custom table) when SNMP answered; listed stations
 * with a `uri` are judged by OPTIONS (iPECS); listed stations with neither are reported as
 * unmonitored. `stations` is null when no source answered this poll (unknown, not "all down").
 * @example
 * const obs = await runPollCycle(cfg, watchers, stamp, drainedTraps, sipTls(cfg));
 */
export async function runPollCycle(
  cfg: AgentConfig,
  w: Watchers,
  stamp: PollStamp,
  traps: TrapNotice[],
  tls?: ProbeRequest['tls'],
): Promise<PollObservation> {
  const sipCfg = cfg.pbx.sip;
  const listed = cfg.stations.list ?? [];
  const timeoutMs = sipCfg?.timeout ?? 5000;
  const [snmp, sip, trunkPeers, stationProbes] = await Promise.all([
    w.snmp ? w.snmp.poll() : Promise.resolve(null),
    sipCfg
      ? safeProbe(w, { uri: sipCfg.uri, transport: sipCfg.transport, timeoutMs, tls })
      : Promise.resolve(null),
    Promise.all(
      cfg.trunks.map(async (t) => ({
        name: t.name,
        result: await safeProbe(w, { uri: t.uri, transport: t.transport, timeoutMs }),
      })),
    ),
    Promise.all(
      listed
        .filter((s) => s.uri)
        .map(async (s) => ({
          station: s,
          result: await safeProbe(w, { uri: s.uri as string, transport: s.transport, timeoutMs }),
        })),
    ),
  ]);

  let stations: PollObservation['stations'] = null;
  const sources: string[] = [];
  const readings = new Map<string, StationReading>();
  if (snmp?.answered && snmp.stations) {
    for (const r of snmp.stations) readings.set(r.key, r);
    sources.push(snmp.stationSource ?? 'snmp');
  }
  if (stationProbes.length > 0) {
    for (const { station, result } of stationProbes)
      readings.set(station.extension, {
        key: station.extension,
        extension: station.extension,
        name: station.name,
        type: 'sip',
        connected: result.alive,
      });
    sources.push('sip-options');
  }
  if (sources.length > 0) {
    for (const s of listed)
      if (!readings.has(s.extension))
        readings.set(s.extension, {
          key: s.extension,
          extension: s.extension,
          name: s.name,
          connected: null,
        });
    stations = { readings: [...readings.values()], source: sources.join('+') };
  }
  return { ...stamp, snmp, sip, stations, trunkPeers, traps };
}
