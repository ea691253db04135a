import type snmp from 'net-snmp';
import { describe, expect, it } from 'vitest';
import { walkColumn } from './column-walk.js';
import { compareInstances } from './varbind.js';

const COL = '1.3.6.1.2.1.2.2.1.2';

/** A net-snmp session stand-in answering GETBULK from a fixed, ordered list of varbinds. */
function fakeSession(varbinds: snmp.Varbind[], opts: { tooBigAbove?: number } = {}) {
  const asked: { oid: string; reps: number }[] = [];
  const session = {
    getBulk(oids: string[], _non: number, reps: number, cb: (err: Error | null, vbs?: unknown) => void) {
      const oid = oids[0]!;
      asked.push({ oid, reps });
      if (opts.tooBigAbove !== undefined && reps > opts.tooBigAbove) {
        return cb(Object.assign(new Error('TooBig'), { name: 'RequestFailedError', status: 1 }));
      }
      const from = varbinds.findIndex((v) => v.oid === oid) + 1;
      cb(null, [varbinds.slice(from, from + reps)]);
    },
  } as unknown as snmp.Session;
  return { session, asked };
}

const text = (oid: string, s: string): snmp.Varbind => ({ oid, type: 4, value: Buffer.from(s) });

describe('walkColumn', () => {
  it('keeps instance → value for the column only, across several GETBULKs', async () => {
    const { session, asked } = fakeSession([
      text(`${COL}.1`, 'eth0'),
      text(`${COL}.2`, 'eth1'),
      text(`${COL}.10`, 'eth9'),
      text('1.3.6.1.2.1.2.2.1.3.1', 'next column'),
    ]);
    const r = await walkColumn(session, COL, { mode: 'getbulk', maxRepetitions: 2 });
    expect(r).toEqual({
      ok: true,
      value: new Map([
        ['1', 'eth0'],
        ['2', 'eth1'],
        ['10', 'eth9'],
      ]),
    });
    expect(asked.map((a) => a.oid)).toEqual([COL, `${COL}.2`]);
  });

  it('refuses an agent whose OIDs go backwards instead of looping', async () => {
    const { session } = fakeSession([text(`${COL}.2`, 'a'), text(`${COL}.1`, 'b'), text(`${COL}.3`, 'c')]);
    const r = await walkColumn(session, COL, { mode: 'getbulk', maxRepetitions: 5 });
    expect(r).toEqual({ ok: false, error: `OID not increasing at ${COL}.1` });
  });

  it('halves max-repetitions on tooBig (RFC 3416 §4.2.3)', async () => {
    const { session, asked } = fakeSession([text(`${COL}.1`, 'a'), text(`${COL}.2`, 'b')], {
      tooBigAbove: 10,
    });
    const r = await walkColumn(session, COL, { mode: 'getbulk', maxRepetitions: 40 });
    expect(r.ok && [...r.value.keys()]).toEqual(['1', '2']);
    expect(asked.map((a) => a.reps).slice(0, 3)).toEqual([40, 20, 10]);
  });
});

describe('compareInstances', () => {
  it('orders single indexes numerically and multi-part indexes part by part', () => {
    expect(compareInstances('9', '10')).toBeLessThan(0);
    expect(compareInstances('10', '10')).toBe(0);
    expect(compareInstances('10.0.0.2', '10.0.0.1')).toBeGreaterThan(0);
    expect(compareInstances('10.0.0', '10.0.0.1')).toBeLessThan(0);
    expect(compareInstances('2', '10.0')).toBeLessThan(0);
  });
});
