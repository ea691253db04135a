import snmp from 'net-snmp';

const IPO_EVENTS = '1.3.6.1.4.1.6889.2.2.1.2.0';
const IPO_OBJECTS = '1.3.6.1.4.1.6889.2.2.1.2.1';

/**
 * IPO-MIB notification numbers under ipoGTEvents (`…2.2.1.2.0.N`), per detection.md.
 * @example
 * SIM_TRAP_OIDS['trunk-failure']; // '1.3.6.1.4.1.6889.2.2.1.2.0.50'
 */
export const SIM_TRAP_OIDS = {
  'cold-start': `${IPO_EVENTS}.15`,
  'warm-start': `${IPO_EVENTS}.16`,
  shutdown: `${IPO_EVENTS}.37`,
  'service-failure': `${IPO_EVENTS}.46`,
  'service-operational': `${IPO_EVENTS}.47`,
  'trunk-failure': `${IPO_EVENTS}.50`,
  'trunk-operational': `${IPO_EVENTS}.51`,
  'trunk-error': `${IPO_EVENTS}.52`,
  'trunk-change': `${IPO_EVENTS}.53`,
  'phone-change': '1.3.6.1.4.1.6889.2.2.1.1.1.0.2',
  'std-cold-start': '1.3.6.1.6.3.1.1.5.1',
  'std-warm-start': '1.3.6.1.6.3.1.1.5.2',
} as const;

/**
 * What the simulated PBX can send.
 * @example
 * const k: SimTrapKind = 'trunk-operational';
 */
export type SimTrapKind = keyof typeof SIM_TRAP_OIDS;

/**
 * Where and how to send a trap, and what it says.
 * @example
 * const o: SimTrapOptions = { port: 16200, version: '2c-inform', entity: 'Line 3', reason: 18 };
 */
export interface SimTrapOptions {
  /** Receiver UDP port. */
  port: number;
  host?: string;
  /** `1` sends a Trap-PDU, `2c` (default) an SNMPv2-Trap, `2c-inform` an InformRequest (acked). */
  version?: '1' | '2c' | '2c-inform';
  community?: string;
  /** sysUpTime ticks carried in the trap. */
  upTime?: number;
  /** ItuPerceivedSeverity (.9); defaults: critical(3) for failures, cleared(1) for operational. */
  severity?: number;
  /** ipoGTEventReason (.24), e.g. 18 trunkLOS. */
  reason?: number;
  /** ipoGTEventAlarmDescription (.26). */
  description?: string;
  /** ipoGTEventEntityName (.11), e.g. `Line 5`. */
  entity?: string;
  /** Timeout for an inform's acknowledgement, ms (default 1000). */
  timeoutMs?: number;
}

function defaultSeverity(kind: SimTrapKind): number | undefined {
  if (kind.endsWith('-failure') || kind === 'shutdown') return 3;
  if (kind.endsWith('-error')) return 4;
  if (kind.endsWith('-operational')) return 1;
  if (kind.endsWith('-change')) return 6;
  return undefined;
}

/**
 * Sends one IP Office-style notification to a trap receiver over real UDP. Resolves when sent
 * (or, for an inform, when acknowledged); rejects on a send error or an unacknowledged inform.
 * @example
 * await sendSimTrap('trunk-failure', { port: receiverPort, entity: 'Line 5', reason: 18 });
 */
export function sendSimTrap(kind: SimTrapKind, o: SimTrapOptions): Promise<void> {
  const oid = SIM_TRAP_OIDS[kind];
  const varbinds: snmp.Varbind[] = [];
  const severity = o.severity ?? defaultSeverity(kind);
  if (!kind.startsWith('std-')) {
    if (severity !== undefined)
      varbinds.push({ oid: `${IPO_OBJECTS}.9.0`, type: snmp.ObjectType.Integer, value: severity });
    if (o.entity)
      varbinds.push({ oid: `${IPO_OBJECTS}.11.0`, type: snmp.ObjectType.OctetString, value: o.entity });
    if (o.reason !== undefined)
      varbinds.push({ oid: `${IPO_OBJECTS}.24.0`, type: snmp.ObjectType.Integer, value: o.reason });
    if (o.description) {
      varbinds.push({ oid: `${IPO_OBJECTS}.26.0`, type: snmp.ObjectType.OctetString, value: o.description });
    }
  }
  const version = o.version === '1' ? snmp.Version1 : snmp.Version2c;
  const session = snmp.createSession(o.host ?? '127.0.0.1', o.community ?? 'public', {
    version,
    trapPort: o.port,
    port: o.port,
    timeout: o.timeoutMs ?? 1000,
    retries: 0,
  });
  const upTime = o.upTime ?? 100;
  return new Promise<void>((resolve, reject) => {
    const done = (err: Error | null) => {
      session.close();
      if (err) reject(err);
      else resolve();
    };
    if (o.version === '2c-inform') {
      session.inform(oid, varbinds, { upTime, port: o.port }, (err) => done(err));
    } else if (o.version === '1' && kind.startsWith('std-')) {
      // SNMPv1 generic traps: coldStart(0), warmStart(1) (RFC 1157 §4.1.6).
      const generic = kind === 'std-cold-start' ? snmp.TrapType.ColdStart : snmp.TrapType.WarmStart;
      session.trap(generic, varbinds, { upTime, agentAddr: '127.0.0.1' }, done);
    } else {
      session.trap(oid, varbinds, { upTime, agentAddr: '127.0.0.1' }, done);
    }
  });
}
