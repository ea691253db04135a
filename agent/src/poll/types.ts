/**
 * The shapes that pass between the agent's watchers (SNMP poller, trap receiver, SIP prober) and
 * its detector. Watchers only observe; the detector alone decides what is a condition.
 */

/** One station as read from the PBX. `connected: null` means unmonitored (analogue: always looks present). */
export interface StationReading {
  /** Stable key: the extension number where known, else the table index. */
  key: string;
  extension?: string;
  name?: string;
  /** Vendor type label, e.g. `ipPhone`, `potPhone`, `noPhone`. */
  type?: string;
  ip?: string;
  connected: boolean | null;
}

/** The result of one SNMP poll of the PBX. Never throws: failures come back as `answered: false`. */
export interface SnmpPollResult {
  answered: boolean;
  /** Why it did not answer, or what part failed (timeout, auth, noSuchObject…). */
  error?: string;
  sysDescr?: string;
  sysObjectId?: string;
  /** sysUpTime in seconds (TimeTicks / 100). */
  sysUpTimeS?: number;
  vendor: 'ipoffice' | 'ipecs' | 'generic';
  model?: string;
  release?: string;
  /** Stations read this poll, when the profile reads a station table. */
  stations?: StationReading[];
  /** Where the station states came from, e.g. `ipo-phones-table`, `custom-table`. */
  stationSource?: string;
  /** MIB-II interfaces (iPECS profile): ifIndex, ifDescr, ifOperStatus up. */
  interfaces?: { index: number; name: string; up: boolean }[];
  durationMs: number;
  /** Build number from sysDescr (`… build 437`), when present. */
  build?: number;
  /** `checkEligibility` verdicts for the model and release read this poll (plans.md). */
  eligibility?: { rule: string; ok: boolean; message: string }[];
  /** HOST-RESOURCES hrSystemUptime in seconds (iPECS profile), when the PBX answers it. */
  hrSystemUptimeS?: number;
}

/** The result of one SIP OPTIONS probe. Any final response (2xx–6xx) is alive (RFC 3261; detection.md). */
export interface SipProbeResult {
  alive: boolean;
  /** Final status code when alive. */
  status?: number;
  reason?: string;
  rttMs?: number;
  /** Why there was no answer: timeout, refused, unreachable, tls, malformed… */
  error?: string;
  transport: 'udp' | 'tcp' | 'tls';
  /** UDP retransmissions sent on Timer E before the end (RFC 3261 §17.1.2.2); 0 on TCP/TLS. */
  retransmissions?: number;
}

/** A trap from the PBX, normalised. `kind` is what the agent acts on; the rest is for the log. */
export interface TrapNotice {
  /** Agent wall time when received, epoch ms. */
  receivedAt: number;
  from: string;
  trapOid: string;
  kind:
    | 'cold-start'
    | 'warm-start'
    | 'shutdown'
    | 'trunk-failure'
    | 'trunk-operational'
    | 'trunk-error'
    | 'trunk-change'
    | 'service-failure'
    | 'service-operational'
    | 'phone-change'
    | 'other';
  /** ItuPerceivedSeverity: 1 cleared, 3 critical, 4 major, 5 minor, 6 warning. */
  severity?: number;
  reason?: number;
  description?: string;
  /** Which trunk, where the trap names one (from the description or an index varbind). */
  trunk?: string;
  varbinds: { oid: string; value: string }[];
}
