/**
 * OIDs the SNMP profiles read. Sources: RFC 1213 / RFC 3418 (system), RFC 2863 (IF-MIB),
 * RFC 2790 (HOST-RESOURCES-MIB), Avaya IPO-PHONES-MIB; all per detection.md.
 * @example
 * await session.get([OID.sysDescr, OID.sysUpTime]);
 */
export const OID = {
  sysDescr: '1.3.6.1.2.1.1.1.0',
  sysObjectId: '1.3.6.1.2.1.1.2.0',
  sysUpTime: '1.3.6.1.2.1.1.3.0',
  hrSystemUptime: '1.3.6.1.2.1.25.1.1.0',
  ifDescr: '1.3.6.1.2.1.2.2.1.2',
  ifOperStatus: '1.3.6.1.2.1.2.2.1.8',
  ipoPhonesNumber: '1.3.6.1.4.1.6889.2.2.1.1.1.1.1.1.0',
  ipoPhonesEntry: '1.3.6.1.4.1.6889.2.2.1.1.1.1.1.2.1',
  /** IPO-PROD-MIB: sysObjectID of an IP Office lies under this. */
  ipoProducts: '1.3.6.1.4.1.6889.1.2.',
} as const;

/**
 * ipoPhonesTable columns (IPO-PHONES-MIB ipoPhonesEntry).
 * @example
 * IPO_PHONES_COLUMN.ipAddress; // 10
 */
export const IPO_PHONES_COLUMN = {
  index: 1,
  extId: 2,
  extNumber: 3,
  userShort: 4,
  userLong: 5,
  type: 6,
  port: 7,
  portNumber: 8,
  moduleNumber: 9,
  ipAddress: 10,
  physAddress: 11,
} as const;

/**
 * The OID of one ipoPhonesTable column.
 * @example
 * ipoPhonesColumn('type'); // '1.3.6.1.4.1.6889.2.2.1.1.1.1.1.2.1.6'
 */
export function ipoPhonesColumn(name: keyof typeof IPO_PHONES_COLUMN): string {
  return `${OID.ipoPhonesEntry}.${IPO_PHONES_COLUMN[name]}`;
}
