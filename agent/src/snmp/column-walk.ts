import snmp from 'net-snmp';
import { describeSnmpError, type SnmpResult } from './errors.js';
import { type CellValue, cellValue, compareInstances } from './varbind.js';

/**
 * How {@link walkColumn} reads one column.
 * @example
 * const o: ColumnWalkOptions = { mode: 'getbulk', maxRepetitions: 50 };
 */
export interface ColumnWalkOptions {
  /** GETBULK (v2c/v3) or GETNEXT (v1, which has no GETBULK: RFC 3416 §4.2.3 is v2 only). */
  mode: 'getbulk' | 'getnext';
  maxRepetitions: number;
  signal?: AbortSignal;
  isClosed?: () => boolean;
  /** Safety stop for an agent that never leaves the subtree (default 100 000 rows). */
  maxRows?: number;
}

type Step = SnmpResult<snmp.Varbind[]> | { ok: true; value: null };

function request(
  session: snmp.Session,
  oid: string,
  o: ColumnWalkOptions,
  maxRepetitions: number,
): Promise<Step> {
  return new Promise((resolve) => {
    try {
      if (o.mode === 'getbulk') {
        session.getBulk([oid], 0, maxRepetitions, (err, vbs) => {
          if (err) return resolve({ ok: false, error: describeSnmpError(err) });
          const row = vbs?.[0];
          resolve({ ok: true, value: Array.isArray(row) ? row : row ? [row] : [] });
        });
      } else {
        session.getNext([oid], (err, vbs) => {
          // SNMPv1 signals the end of the MIB view with noSuchName (RFC 1157 §4.1.3).
          const failed = err as (Error & { status?: number }) | null;
          if (failed?.name === 'RequestFailedError' && failed.status === snmp.ErrorStatus.NoSuchName) {
            return resolve({ ok: true, value: null });
          }
          if (err) return resolve({ ok: false, error: describeSnmpError(err) });
          resolve({ ok: true, value: vbs ?? [] });
        });
      }
    } catch (err) {
      resolve({ ok: false, error: describeSnmpError(err) });
    }
  });
}

/**
 * One walked column: instance (the OID part below the column, `12` or `10.0.0.1`) → value, in the
 * order the agent returned them. Only the instance is kept, not the full OID: a 2,400-station
 * table is ~10,000 cells a poll on a gateway with a 64 MB budget.
 * @example
 * const cells: ColumnCells = new Map([['1', 'LAN1'], ['2', 'LAN2']]);
 */
export type ColumnCells = Map<string, CellValue>;

/**
 * Walks one table column, returning the cells inside it. Stops at the first OID outside the
 * column subtree or at endOfMibView, and refuses an agent whose OIDs do not increase (checked
 * here rather than by net-snmp, on the instance part only: RFC 3416 §4.2.2 lexicographic order).
 * @example
 * const r = await walkColumn(session, '1.3.6.1.2.1.2.2.1.2', { mode: 'getbulk', maxRepetitions: 50 });
 * if (r.ok) for (const [instance, value] of r.value) console.log(instance, value);
 */
export async function walkColumn(
  session: snmp.Session,
  column: string,
  o: ColumnWalkOptions,
): Promise<SnmpResult<ColumnCells>> {
  const out: ColumnCells = new Map();
  const maxRows = o.maxRows ?? 100_000;
  const prefix = `${column}.`;
  let cursor = column;
  let last: string | null = null;
  let reps = Math.max(1, o.maxRepetitions);
  for (;;) {
    if (o.signal?.aborted) return { ok: false, error: 'deadline exceeded' };
    if (o.isClosed?.()) return { ok: false, error: 'session closed' };
    const step = await request(session, cursor, o, reps);
    if (!step.ok && reps > 1 && step.error.startsWith('error-status TooBig')) {
      // The response would not fit the agent's message size: ask for fewer rows (RFC 3416 §4.2.3).
      reps = Math.floor(reps / 2);
      continue;
    }
    if (!step.ok) return step;
    if (step.value === null || step.value.length === 0) return { ok: true, value: out };
    for (const vb of step.value) {
      if (vb.type === snmp.ObjectType.EndOfMibView || !vb.oid.startsWith(prefix)) {
        return { ok: true, value: out };
      }
      const instance = vb.oid.slice(prefix.length);
      if (last !== null && compareInstances(instance, last) <= 0) {
        return { ok: false, error: `OID not increasing at ${vb.oid}` };
      }
      out.set(instance, cellValue(vb));
      last = instance;
      cursor = vb.oid;
      if (out.size >= maxRows) return { ok: false, error: `more than ${maxRows} rows` };
    }
  }
}
