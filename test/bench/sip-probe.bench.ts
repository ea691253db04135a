// Benchmark: one iPECS-style poll that sends SIP OPTIONS to every station. Our prober (one shared UDP
// socket, probes concurrent, matched by Via branch; and the per-probe connected-socket mode) against
// the obvious alternative, one `sipsak` process per station with 8 in parallel.
// The responders run in a child process so their CPU is not charged to the prober.
// Goal: a 500-station sweep in well under one poll interval (< 1 s), and ≥ 10 × faster than sipsak.
// Run: npx tsx test/bench/sip-probe.bench.ts
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSipProber } from '../../agent/src/sip/sip-prober.js';

const STATIONS = 500;
const RESPONDERS = 25;
const REPS = 5;
const SIPSAK_SAMPLE = 100;
const responderPath = fileURLToPath(new URL('../pbx-sim/sip-responder.ts', import.meta.url));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--input-type=module',
    '-e',
    `import { startSipResponder } from ${JSON.stringify(responderPath)};
     const rs = await Promise.all(Array.from({ length: ${RESPONDERS} }, () => startSipResponder({ transport: 'udp' })));
     console.log(JSON.stringify(rs.map((r) => r.port)));`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const ports: number[] = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
    if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!));
  });
  child.once('exit', (code) => reject(new Error(`responder process exited ${code}`)));
});
const uris = Array.from({ length: STATIONS }, (_, i) => `sip:${1000 + i}@127.0.0.1:${ports[i % RESPONDERS]}`);

async function sweep(mode: 'shared' | 'connected') {
  const prober = createSipProber({ udpMode: mode });
  await prober.start();
  await Promise.all(uris.slice(0, 20).map((uri) => prober.probe({ uri }))); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  let alive = 0;
  for (let i = 0; i < REPS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const results = await Promise.all(uris.map((uri) => prober.probe({ uri })));
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    alive = results.filter((r) => r.alive).length;
  }
  const { retransmissions, malformed, unmatched } = prober.stats();
  await prober.stop();
  return { ms: median(times), cpuMs: median(cpu), alive, retransmissions, malformed, unmatched };
}

async function sipsakSweep(): Promise<number | undefined> {
  if (!existsSync('/usr/bin/sipsak')) return undefined;
  const sample = uris.slice(0, SIPSAK_SAMPLE);
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < sample.length) {
      const uri = sample[next++]!;
      await new Promise<void>((resolve) => execFile('/usr/bin/sipsak', ['-s', uri], () => resolve()));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return ((performance.now() - t0) / SIPSAK_SAMPLE) * STATIONS;
}

const shared = await sweep('shared');
const connected = await sweep('connected');
const sipsak = await sipsakSweep();
child.kill();

const line = (name: string, r: Awaited<ReturnType<typeof sweep>>) =>
  `${name.padEnd(34)} ${r.ms.toFixed(1).padStart(8)} ms  cpu ${r.cpuMs.toFixed(1).padStart(7)} ms  ` +
  `${(r.ms / STATIONS).toFixed(3)} ms/probe  alive ${r.alive}/${STATIONS}  retx ${r.retransmissions}  ` +
  `malformed ${r.malformed}  unmatched ${r.unmatched}`;
console.log(
  `SIP OPTIONS sweep of ${STATIONS} stations over UDP on 127.0.0.1 (${RESPONDERS} responders), median of ${REPS}`,
);
console.log(line('ours, shared socket', shared));
console.log(line('ours, connected socket per probe', connected));
if (sipsak !== undefined) {
  console.log(
    `${'sipsak, 8 parallel (extrapolated)'.padEnd(34)} ${sipsak.toFixed(1).padStart(8)} ms  (from ${SIPSAK_SAMPLE} probes)`,
  );
  console.log(`ratio sipsak / ours shared: ${(sipsak / shared.ms).toFixed(1)} ×`);
} else {
  console.log('sipsak not installed: no comparison');
}
console.log(`ratio connected / shared: ${(connected.ms / shared.ms).toFixed(2)} ×`);
console.log(`goal < 1000 ms per sweep: ${shared.ms < 1000 ? 'met' : 'NOT met'}`);
process.exit(0);
