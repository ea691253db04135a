import type { TrapNotice } from '../poll/types.js';
import { toRawVarbind } from '../snmp/varbind.js';

const IPO_EVENTS = '1.3.6.1.4.1.6889.2.2.1.2.0.';
const IPO_OBJECTS = '1.3.6.1.4.1.6889.2.2.1.2.1.';
const SNMP_TRAP_OID = '1.3.6.1.6.3.1.1.4.1.0';
const SYS_UPTIME = '1.3.6.1.2.1.1.3.0';
const STD_TRAPS = '1.3.6.1.6.3.1.1.5.';

/** IPO-MIB ipoGTEvents numbers → kind (detection.md); 48/49 (service error/change) are `other`. */
const IPO_KINDS: Record<number, TrapNotice['kind']> = {
  15: 'cold-start',
  16: 'warm-start',
  37: 'shutdown',
  46: 'service-failure',
  47: 'service-operational',
  50: 'trunk-failure',
  51: 'trunk-operational',
  52: 'trunk-error',
  53: 'trunk-change',
};

/**
 * The part of a net-snmp notification PDU the normaliser reads.
 * @example
 * const pdu: NotificationPdu = { type: 164, varbinds: [], enterprise: '1.3.6.1.4.1.6889.2.2.1.2', generic: 6, specific: 50 };
 */
export interface NotificationPdu {
  /** 164 Trap (v1), 166 InformRequest, 167 SNMPv2-Trap. */
  type: number;
  varbinds: { oid: string; type?: number; value?: unknown }[];
  enterprise?: string;
  generic?: number;
  specific?: number;
}

/**
 * The snmpTrapOID of a notification. For a v1 Trap-PDU it is derived as RFC 3584 §3.1 says:
 * generic traps map to `snmpTraps.(generic+1)`, enterprise-specific ones to `enterprise.0.specific`
 * (an enterprise that already ends in `.0`, as some senders encode it, is not given a second one).
 * @example
 * trapOidOf({ type: 164, varbinds: [], enterprise: '1.3.6.1.4.1.6889.2.2.1.2', generic: 6, specific: 50 });
 * // '1.3.6.1.4.1.6889.2.2.1.2.0.50'
 */
export function trapOidOf(pdu: NotificationPdu): string | null {
  if (pdu.type === 164) {
    if (pdu.generic !== undefined && pdu.generic >= 0 && pdu.generic < 6)
      return `${STD_TRAPS}${pdu.generic + 1}`;
    if (!pdu.enterprise || pdu.specific === undefined) return null;
    return pdu.enterprise.endsWith('.0')
      ? `${pdu.enterprise}.${pdu.specific}`
      : `${pdu.enterprise}.0.${pdu.specific}`;
  }
  const vb = pdu.varbinds.find((v) => v.oid === SNMP_TRAP_OID);
  return typeof vb?.value === 'string' ? vb.value : null;
}

/**
 * The kind the agent acts on for a trap OID.
 * @example
 * trapKind('1.3.6.1.4.1.6889.2.2.1.2.0.50'); // 'trunk-failure'
 * trapKind('1.3.6.1.6.3.1.1.5.1'); // 'cold-start'
 */
export function trapKind(trapOid: string): TrapNotice['kind'] {
  if (trapOid.startsWith(IPO_EVENTS)) return IPO_KINDS[Number(trapOid.slice(IPO_EVENTS.length))] ?? 'other';
  if (trapOid === `${STD_TRAPS}1`) return 'cold-start';
  if (trapOid === `${STD_TRAPS}2`) return 'warm-start';
  if (trapOid === '1.3.6.1.4.1.6889.2.2.1.1.1.0.2' || trapOid === '1.3.6.1.4.1.6889.2.2.1.1.1.0.1') {
    return 'phone-change';
  }
  return 'other';
}

// ipoGTObjects scalar number of a varbind OID (`…2.1.9` or `…2.1.9.0` → 9), else null.
function ipoObject(oid: string): number | null {
  if (!oid.startsWith(IPO_OBJECTS)) return null;
  const m = /^(\d+)(?:\.0)?$/.exec(oid.slice(IPO_OBJECTS.length));
  return m ? Number(m[1]) : null;
}

/**
 * Normalises a received notification (v1 trap, v2c trap or inform) into a {@link TrapNotice}.
 * Returns null when no trap OID can be found (a malformed notification).
 * @example
 * normaliseTrap(pdu, '10.0.0.5', clock.now()); // { kind: 'trunk-failure', severity: 3, trunk: 'Line 5', … }
 */
export function normaliseTrap(pdu: NotificationPdu, from: string, receivedAt: number): TrapNotice | null {
  const trapOid = trapOidOf(pdu);
  if (!trapOid) return null;
  const notice: TrapNotice = { receivedAt, from, trapOid, kind: trapKind(trapOid), varbinds: [] };
  let entityName: string | undefined;
  let entity: number | undefined;
  for (const v of pdu.varbinds) {
    if (v.oid === SNMP_TRAP_OID || v.oid === SYS_UPTIME) continue;
    const raw = toRawVarbind(v as Parameters<typeof toRawVarbind>[0]);
    notice.varbinds.push({ oid: raw.oid, value: raw.value === null ? '' : String(raw.value) });
    const obj = ipoObject(raw.oid);
    if (obj === 9 && typeof raw.value === 'number') notice.severity = raw.value;
    else if (obj === 24 && typeof raw.value === 'number') notice.reason = raw.value;
    else if (obj === 26 && raw.value !== null) notice.description = String(raw.value);
    else if (obj === 11 && raw.value !== null && raw.value !== '') entityName = String(raw.value);
    else if (obj === 3 && typeof raw.value === 'number') entity = raw.value;
  }
  if (notice.kind.startsWith('trunk-')) {
    const named = entityName ?? /\b(?:line|trunk)\s*#?\s*\d+/i.exec(notice.description ?? '')?.[0];
    if (named) notice.trunk = named;
    else if (entity !== undefined) notice.trunk = String(entity);
  }
  return notice;
}
