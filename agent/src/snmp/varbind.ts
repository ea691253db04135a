import snmp from 'net-snmp';

/**
 * A varbind as the agent keeps it: the OID, the SNMP type number and a printable value.
 * @example
 * const vb: RawVarbind = { oid: '1.3.6.1.2.1.1.3.0', type: 67, value: 12345 };
 */
export interface RawVarbind {
  oid: string;
  /** net-snmp ObjectType number (4 OctetString, 64 IpAddress, 67 TimeTicks, 128–130 exceptions…). */
  type: number;
  /** Text for strings, OIDs and addresses; a number for integers, counters and ticks. */
  value: CellValue;
}

const PRINTABLE = /^[\x20-\x7e\t\r\n]*$/;

/**
 * A cell value as the agent keeps it: text for strings, OIDs and addresses; a number for integers,
 * counters and ticks; null for an exception (noSuchObject, noSuchInstance, endOfMibView).
 * @example
 * const v: CellValue = 'IP 500 V2';
 */
export type CellValue = string | number | null;

/**
 * The printable value of a net-snmp varbind. OctetStrings become text when printable
 * (DisplayString), else lowercase hex, so a PhysAddress never turns into mojibake; 64-bit counters
 * become numbers when safe, else decimal text.
 * @example
 * cellValue({ oid: '1.3.6.1.2.1.1.1.0', type: 4, value: Buffer.from('IP 500 V2') }); // 'IP 500 V2'
 */
export function cellValue(vb: snmp.Varbind): CellValue {
  const v = vb.value;
  if (v === null || v === undefined || snmp.isVarbindError(vb)) return null;
  if (Buffer.isBuffer(v)) {
    const text = v.toString('utf8');
    return PRINTABLE.test(text) ? text : v.toString('hex');
  }
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v as number | string;
}

/**
 * Converts a net-snmp varbind into a {@link RawVarbind} (see {@link cellValue} for the value).
 * @example
 * toRawVarbind({ oid: '1.3.6.1.2.1.1.1.0', type: 4, value: Buffer.from('IP 500 V2') });
 * // { oid: '1.3.6.1.2.1.1.1.0', type: 4, value: 'IP 500 V2' }
 */
export function toRawVarbind(vb: snmp.Varbind): RawVarbind {
  return { oid: vb.oid, type: vb.type ?? snmp.ObjectType.Null, value: cellValue(vb) };
}

/**
 * True when the varbind carries an SNMPv2 exception (noSuchObject, noSuchInstance, endOfMibView)
 * instead of a value (RFC 3416 §4.2.1).
 * @example
 * isException({ oid: '1.3.6.1.2.1.25.1.1.0', type: 128, value: null }); // true
 */
export function isException(vb: RawVarbind): boolean {
  return vb.type === 128 || vb.type === 129 || vb.type === 130;
}

/**
 * Compares two dotted OIDs numerically, sub-identifier by sub-identifier.
 * @example
 * compareOids('1.3.6.1.2', '1.3.6.1.10'); // < 0
 */
export function compareOids(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * Compares two instance parts (`12`, `10.0.0.1`) in OID order. Table indexes are mostly one
 * integer, compared as numbers without splitting: this runs for every cell of every poll.
 * @example
 * compareInstances('9', '10'); // < 0
 * compareInstances('10.0.0.2', '10.0.0.1'); // > 0
 */
export function compareInstances(a: string, b: string): number {
  if (!a.includes('.') && !b.includes('.')) return Number(a) - Number(b);
  return compareOids(a, b);
}

/**
 * The instance part of `oid` below `base` (`1.3.6.1.2.1.2.2.1.2` + `.5` → `5`), or null when
 * `oid` is not strictly inside the subtree.
 * @example
 * instanceOf('1.3.6.1.2.1.2.2.1.2.5', '1.3.6.1.2.1.2.2.1.2'); // '5'
 */
export function instanceOf(oid: string, base: string): string | null {
  return oid.startsWith(base + '.') ? oid.slice(base.length + 1) : null;
}
