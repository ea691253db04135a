import { instanceOf, type RawVarbind } from './varbind.js';

/**
 * One table row assembled from column walks: column OID → value.
 * @example
 * const row: TableRow = { instance: '1', cells: new Map([['1.3.6.1.2.1.2.2.1.2', 'LAN1']]) };
 */
export interface TableRow {
  /** The instance (index) part of the OIDs, e.g. `12` or `10.0.0.1`. */
  instance: string;
  cells: Map<string, string | number | null>;
}

/**
 * Joins column walks into rows by instance, in the order instances first appear. A row missing in
 * one column (the table changed between requests) simply lacks that cell.
 * @example
 * const rows = joinColumns(new Map([['1.3.6.1.2.1.2.2.1.2', [{ oid: '1.3.6.1.2.1.2.2.1.2.1', type: 4, value: 'LAN1' }]]]));
 * rows[0]; // { instance: '1', cells: Map { '1.3.6.1.2.1.2.2.1.2' => 'LAN1' } }
 */
export function joinColumns(columns: ReadonlyMap<string, readonly RawVarbind[]>): TableRow[] {
  const rows = new Map<string, TableRow>();
  for (const [column, vbs] of columns) {
    for (const vb of vbs) {
      const instance = instanceOf(vb.oid, column);
      if (instance === null) continue;
      let row = rows.get(instance);
      if (!row) {
        row = { instance, cells: new Map() };
        rows.set(instance, row);
      }
      row.cells.set(column, vb.value);
    }
  }
  return [...rows.values()];
}
