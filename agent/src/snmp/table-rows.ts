import type { ColumnCells } from './column-walk.js';
import type { CellValue } from './varbind.js';

/**
 * One table row assembled from column walks. It reads its cells from the walked columns rather
 * than copying them, so joining a 2,400-row table allocates one small object per row.
 * @example
 * const [row] = joinColumns(new Map([['1.3.6.1.2.1.2.2.1.2', new Map([['1', 'LAN1']])]]));
 * row.instance; // '1'
 * row.get('1.3.6.1.2.1.2.2.1.2'); // 'LAN1'
 */
export class TableRow {
  constructor(
    /** The instance (index) part of the OIDs, e.g. `12` or `10.0.0.1`. */
    readonly instance: string,
    private readonly columns: ReadonlyMap<string, ReadonlyMap<string, CellValue>>,
  ) {}

  /** The cell of `column` (a column OID), or undefined when this row lacks it. */
  get(column: string): CellValue | undefined {
    return this.columns.get(column)?.get(this.instance);
  }
}

/**
 * Joins column walks into rows by instance, in the order instances first appear. A row missing in
 * one column (the table changed between requests) simply lacks that cell.
 * @example
 * const rows = joinColumns(new Map([['1.3.6.1.2.1.2.2.1.2', new Map([['1', 'LAN1']])]]));
 * rows.map((r) => r.instance); // ['1']
 */
export function joinColumns(columns: ReadonlyMap<string, ColumnCells>): TableRow[] {
  const seen = new Set<string>();
  const rows: TableRow[] = [];
  for (const cells of columns.values()) {
    for (const instance of cells.keys()) {
      if (seen.has(instance)) continue;
      seen.add(instance);
      rows.push(new TableRow(instance, columns));
    }
  }
  return rows;
}
