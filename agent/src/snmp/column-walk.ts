import snmp from 'net-snmp';
import { describeSnmpError, type SnmpResult } from './errors.js';
import { compareOids, instanceOf, type RawVarbind, toRawVarbind } from './varbind.js';

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
 * Walks one table column, returning only the varbinds inside it. Stops at the first OID outside
 * the column subtree or at endOfMibView, and refuses an agent whose OIDs do not increase.
 * @example
 * const r = await walkColumn(session, '1.3.6.1.2.1.2.2.1.2', { mode: 'getbulk', maxRepetitions: 50 });
 * if (r.ok) for (const vb of r.value) console.log(vb.oid, vb.value);
 */
export async function walkColumn(
  session: snmp.Session,
  column: string,
  o: ColumnWalkOptions,
): Promise<SnmpResult<RawVarbind[]>> {
  const out: RawVarbind[] = [];
  const maxRows = o.maxRows ?? 100_000;
  let cursor = column;
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
      const raw = toRawVarbind(vb);
      if (raw.type === snmp.ObjectType.EndOfMibView || instanceOf(raw.oid, column) === null) {
        return { ok: true, value: out };
      }
      if (compareOids(raw.oid, cursor) <= 0) return { ok: false, error: `OID not increasing at ${raw.oid}` };
      out.push(raw);
      cursor = raw.oid;
      if (out.length >= maxRows) return { ok: false, error: `more than ${maxRows} rows` };
    }
  }
}
