// Benchmark: memory of the agent's SNMP side under steady load — one poller reading a
// 2,400-station IP Office over and over, and a trap receiver taking a burst of traps. A gateway
// (Raspberry Pi) runs for months, so heap must stay flat. Prints heap/RSS after forced GC.
// Run: npx tsx test/bench/agent-memory.bench.ts
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createSnmpPoller } from '../../agent/src/snmp/poller.js';
import { createTrapReceiver } from '../../agent/src/traps/trap-receiver.js';
import { startSnmpAgentSimProcess } from '../pbx-sim/sim-process.js';
import { sendSimTrap } from '../pbx-sim/traps.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const POLLS = Number(process.env.BENCH_POLLS ?? 60);
const TRAPS = 1000;
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
const sample = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
};

const sim = await startSnmpAgentSimProcess({ count: 2400 });
const poller = createSnmpPoller({ host: sim.host, port: sim.port, version: '2c', vendor: 'ipoffice' });
let traps = 0;
const rx = createTrapReceiver({
  port: 0,
  host: '127.0.0.1',
  clock: { now: () => Date.now() },
  onTrap: () => traps++,
});
const trapPort = await rx.start();
poller.start();
try {
  for (let i = 0; i < 5; i++) await poller.poll(); // warm-up: JIT and steady-state buffers
  const start = sample();
  const mids: number[] = [];
  const t0 = performance.now();
  for (let i = 1; i <= POLLS; i++) {
    if (i % 10 === 0) await sim.setStationsDown({ ratio: (i % 30) / 30 });
    const r = await poller.poll();
    if (!r.answered || r.stations?.length !== 2400) throw new Error(`poll ${i}: ${r.error}`);
    if (i % 20 === 0) mids.push(sample().heap);
  }
  const pollMs = (performance.now() - t0) / POLLS;
  for (let i = 0; i < TRAPS; i++) {
    await sendSimTrap('trunk-failure', { port: trapPort, entity: `Line ${i % 8}` });
    // A local send completes without entering libuv's poll phase; yield so the receiver reads,
    // else the receive buffer overflows (a burst from a real PBX arrives over the network).
    await new Promise((r) => setImmediate(r));
  }
  const waitUntil = performance.now() + 2000;
  while (traps < TRAPS && performance.now() < waitUntil) await new Promise((r) => setTimeout(r, 10));
  const end = sample();
  console.log(
    `SNMP side memory: ${POLLS} polls of 2400 stations (${pollMs.toFixed(0)} ms each), ${traps}/${TRAPS} traps`,
  );
  console.log(
    `  heap after warm-up ${mb(start.heap)} MB, every 20 polls ${mids.map(mb).join(' / ')} MB, end ${mb(end.heap)} MB`,
  );
  console.log(`  rss  after warm-up ${mb(start.rss)} MB, end ${mb(end.rss)} MB`);
  const growth = end.heap - start.heap;
  console.log(`heap growth ${mb(growth)} MB (goal < 5 MB): ${growth < 5 * 1024 * 1024 ? 'MET' : 'NOT MET'}`);
} finally {
  poller.stop();
  await rx.stop();
  await sim.close();
}
