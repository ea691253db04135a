import type { StationReading } from '../poll/types.js';
import type { ColumnCells } from './column-walk.js';
import { joinColumns } from './table-rows.js';

/**
 * A station table described in the site config, for a PBX whose vendor MIB the dealer has
 * (detection.md: "how a new PBX family is added without code"). Columns are column numbers under
 * `tableOid` (the *entry* OID, e.g. ifEntry `1.3.6.1.2.1.2.2.1`) or full column OIDs.
 * @example
 * const t: CustomStationTable = { tableOid: '1.3.6.1.4.1.99.1.1', keyColumn: 2, statusColumn: 5, upValues: ['1'] };
 */
export interface CustomStationTable {
  tableOid: string;
  keyColumn: number | string;
  statusColumn: number | string;
  /** Status values meaning "up", compared as text (`'1'`, `'registered'`). */
  upValues: string[];
  nameColumn?: number | string;
}

/**
 * The column OID of a custom-table column.
 * @example
 * customColumnOid({ tableOid: '1.3.6.1.2.1.2.2.1' } as CustomStationTable, 8); // '1.3.6.1.2.1.2.2.1.8'
 */
export function customColumnOid(table: CustomStationTable, column: number | string): string {
  return typeof column === 'string' && column.includes('.')
    ? column.replace(/^\./, '')
    : `${table.tableOid}.${column}`;
}

/**
 * The columns to walk for a custom table: key, status and (when given) name.
 * @example
 * customTableColumns({ tableOid: '1.3.6.1.2.1.2.2.1', keyColumn: 2, statusColumn: 8, upValues: ['1'] });
 * // ['1.3.6.1.2.1.2.2.1.2', '1.3.6.1.2.1.2.2.1.8']
 */
export function customTableColumns(table: CustomStationTable): string[] {
  const cols = [customColumnOid(table, table.keyColumn), customColumnOid(table, table.statusColumn)];
  if (table.nameColumn !== undefined) cols.push(customColumnOid(table, table.nameColumn));
  return [...new Set(cols)];
}

/**
 * Custom-table walks → stations: connected when the status cell's text is one of `upValues`;
 * a row without a status cell is unmonitored.
 * @example
 * customStationsFromColumns(table, walk.value); // [{ key: 'LAN1', connected: true }, …]
 */
export function customStationsFromColumns(
  table: CustomStationTable,
  columns: ReadonlyMap<string, ColumnCells>,
): StationReading[] {
  const keyCol = customColumnOid(table, table.keyColumn);
  const statusCol = customColumnOid(table, table.statusColumn);
  const nameCol = table.nameColumn === undefined ? undefined : customColumnOid(table, table.nameColumn);
  const up = new Set(table.upValues.map(String));
  return joinColumns(columns).map((row) => {
    const key = row.get(keyCol);
    const status = row.get(statusCol);
    const station: StationReading = {
      key: key != null && key !== '' ? String(key) : row.instance,
      connected: status == null ? null : up.has(String(status)),
    };
    const name = nameCol ? row.get(nameCol) : undefined;
    if (name != null && name !== '') station.name = String(name);
    return station;
  });
}
