import type { ColumnCells } from './column-walk.js';
import { OID } from './oids.js';
import { joinColumns } from './table-rows.js';

/**
 * The MIB-II ifTable columns read for iPECS: ifDescr and ifOperStatus (RFC 2863).
 * @example
 * await session.walkColumns(IPECS_IF_COLUMNS);
 */
export const IPECS_IF_COLUMNS = [OID.ifDescr, OID.ifOperStatus];

/**
 * ifTable walks → interfaces; `up` is ifOperStatus = up(1) (RFC 2863 §3.1.13).
 * @example
 * interfacesFromColumns(walk.value); // [{ index: 1, name: 'LAN1', up: true }]
 */
export function interfacesFromColumns(
  columns: ReadonlyMap<string, ColumnCells>,
): { index: number; name: string; up: boolean }[] {
  return joinColumns(columns).map((row) => {
    const name = row.get(OID.ifDescr);
    return {
      index: Number(row.instance),
      name: name == null ? `if${row.instance}` : String(name),
      up: row.get(OID.ifOperStatus) === 1,
    };
  });
}
