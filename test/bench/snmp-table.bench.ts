// Benchmark: reading the four ipoPhonesTable columns of a 2,400-station IP Office with our
// column walk (GETBULK, columns in parallel) vs Net-SNMP's snmpbulkwalk on the same columns.
// The simulated agent runs in its own process so its CPU time is not charged to either side.
// Goal: ours ≤ 1.5 × snmpbulkwalk (median of several runs). Run: npx tsx test/bench/snmp-table.bench.ts
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ipoStationColumns } from '../../agent/src/snmp/profile-ipoffice.js';
import { openSnmpSession } from '../../agent/src/snmp/session.js';
import { startSnmpAgentSimProcess } from '../pbx-sim/sim-process.js';

const run = promisify(execFile);
const STATIONS = 2400;
const REPS = 7;
const OUR_MAX_REP = Number(process.env.BENCH_MAX_REP ?? 50);
const COLUMNS = ipoStationColumns('long');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

const sim = await startSnmpAgentSimProcess({ count: STATIONS });
await sim.setStationsDown({ ratio: 0.25 });
const target = `127.0.0.1:${sim.port}`;
const env = { ...process.env, MIBS: '' }; // no MIB parsing: numeric OIDs only, as our side

async function ours(): Promise<{ ms: number; rows: number }> {
  const t0 = performance.now();
  const opened = openSnmpSession({
    host: '127.0.0.1',
    port: sim.port,
    version: '2c',
    maxRepetitions: OUR_MAX_REP,
  });
  if (!opened.ok) throw new Error(opened.error);
  const r = await opened.value.walkColumns(COLUMNS);
  opened.value.close();
  if (!r.ok) throw new Error(r.error);
  const ms = performance.now() - t0;
  return { ms, rows: [...r.value.values()].reduce((n, v) => n + v.size, 0) };
}

async function bulkwalk(maxRep: number, parallel: boolean): Promise<{ ms: number; rows: number }> {
  const one = (col: string) =>
    run('snmpbulkwalk', ['-v2c', '-c', 'public', '-On', '-Oq', `-Cr${maxRep}`, target, col], { env }).then(
      (o) => o.stdout.trim().split('\n').length,
    );
  const t0 = performance.now();
  let rows = 0;
  if (parallel) rows = (await Promise.all(COLUMNS.map(one))).reduce((a, b) => a + b, 0);
  else for (const c of COLUMNS) rows += await one(c);
  return { ms: performance.now() - t0, rows };
}

const cases: [string, () => Promise<{ ms: number; rows: number }>][] = [
  [`ours (GETBULK r=${OUR_MAX_REP}, 4 columns in parallel)`, ours],
  ['snmpbulkwalk -Cr10 (default), 4 columns sequential', () => bulkwalk(10, false)],
  ['snmpbulkwalk -Cr10 (default), 4 columns in parallel', () => bulkwalk(10, true)],
  [`snmpbulkwalk -Cr${OUR_MAX_REP}, 4 columns in parallel`, () => bulkwalk(OUR_MAX_REP, true)],
];
const times = new Map<string, number[]>(cases.map(([n]) => [n, []]));
try {
  for (const [, fn] of cases) await fn(); // warm-up: JIT, MIB tree caches, ARP-free loopback
  for (let i = 0; i < REPS; i++) {
    // Interleaved so that drift on a shared machine hits every case alike.
    for (const [name, fn] of cases) {
      const r = await fn();
      if (r.rows !== STATIONS * COLUMNS.length)
        throw new Error(`${name}: ${r.rows} rows, want ${STATIONS * 4}`);
      times.get(name)!.push(r.ms);
    }
  }
} finally {
  await sim.close();
}

const med = new Map([...times].map(([n, xs]) => [n, median(xs)]));
console.log(`ipoPhonesTable: ${STATIONS} stations × ${COLUMNS.length} columns, ${REPS} runs, median ms`);
for (const [n, m] of med) console.log(`  ${m.toFixed(1).padStart(8)} ms  ${n}`);
const oursMs = med.get(cases[0]![0])!;
const best = Math.min(...cases.slice(1).map(([n]) => med.get(n)!));
const ratio = oursMs / best;
console.log(
  `ratio ours / fastest snmpbulkwalk = ${ratio.toFixed(2)} (goal ≤ 1.5): ${ratio <= 1.5 ? 'MET' : 'NOT MET'}`,
);
