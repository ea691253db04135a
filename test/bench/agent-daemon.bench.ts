// Benchmark: the real agent process, as on a gateway. It polls a 2,400-station IP Office (the
// iPECS-UCP2400 maximum; the simulator runs in its own process) every second for
// BENCH_AGENT_SECONDS (default 60; the goal is stated for 300), then measures:
// - resident memory of the agent process over time (goal: at most 64 MB, and not growing);
// - a trunk-failure trap to the event published (goal: under 2 s);
// - a fault with no trap (80% of stations down) to the event (goal: raiseAfter × interval + 1 s).
// Run: npx tsc -b agent && npx tsx test/bench/agent-daemon.bench.ts
// BENCH_AGENT_CLI runs another build (e.g. dist-bundle/agent/pbxwatch-agent.js); BENCH_AGENT_NODE_FLAGS
// overrides the node flags (default: the systemd unit's).
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestBroker, startTestConsole, until } from '../../agent/src/publish/test-helpers/mqtt-peers.js';
import { startSnmpAgentSimProcess } from '../pbx-sim/sim-process.js';
import { startSipResponder } from '../pbx-sim/sip-responder.js';
import { sendSimTrap } from '../pbx-sim/traps.js';

const SECONDS = Number(process.env.BENCH_AGENT_SECONDS ?? 60);
const INTERVAL_MS = 1000;
const RAISE_AFTER = 2;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = process.env.BENCH_AGENT_CLI ?? path.join(ROOT, 'agent/dist/cli/agent-cli.js');
const SITE = 'bench-site';

async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const rssMb = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbxw-agent-bench-'));
const broker = await startTestBroker();
const noc = await startTestConsole(broker.url(), SITE);
const sim = await startSnmpAgentSimProcess({ count: 2400 });
const sip = await startSipResponder({ transport: 'udp' });
const trapPort = await freeUdpPort();
const config = path.join(dir, 'agent.yaml');
fs.writeFileSync(
  config,
  `site: { id: ${SITE} }
broker: { url: "${broker.url()}", password: x }
pbx:
  vendor: ipoffice
  host: 127.0.0.1
  snmp: { version: 2c, community: public, port: ${sim.port}, timeout: 800ms, retries: 0 }
  sip: { uri: "sip:127.0.0.1:${sip.port}", transport: udp }
traps: { host: 127.0.0.1, port: ${trapPort} }
poll: { interval: ${INTERVAL_MS}ms }
heartbeat: { interval: 5s }
thresholds: { raiseAfter: ${RAISE_AFTER} }
stateDir: ${path.join(dir, 'state')}
`,
);
// By default, the flags the systemd unit runs the agent with (deploy/systemd/pbxwatch-agent.service).
const UNIT_FLAGS = '--max-semi-space-size=1 --max-old-space-size=64 --optimize-for-size';
const NODE_FLAGS = (process.env.BENCH_AGENT_NODE_FLAGS ?? UNIT_FLAGS).split(' ').filter(Boolean);
const agent = spawn(process.execPath, [...NODE_FLAGS, CLI, 'run', '--config', config], {
  env: { ...process.env, NOTIFY_SOCKET: '' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const pid = agent.pid as number;

try {
  // Memory: sample every 5 s; compare the first and last thirds to see growth.
  await new Promise((r) => setTimeout(r, 5000));
  const samples: { t: number; mb: number }[] = [];
  const t0 = Date.now();
  while (Date.now() - t0 < SECONDS * 1000) {
    samples.push({ t: (Date.now() - t0) / 1000, mb: rssMb(pid) });
    await new Promise((r) => setTimeout(r, 5000));
  }
  const third = Math.max(1, Math.floor(samples.length / 3));
  const avg = (xs: { mb: number }[]) => xs.reduce((a, x) => a + x.mb, 0) / xs.length;
  const early = avg(samples.slice(0, third));
  const late = avg(samples.slice(-third));
  const peak = Math.max(...samples.map((s) => s.mb));
  console.log(
    `agent RSS polling 2,400 stations every ${INTERVAL_MS} ms for ${SECONDS} s (${samples.length} samples):`,
  );
  console.log(
    `  first third ${early.toFixed(1)} MB, last third ${late.toFixed(1)} MB, peak ${peak.toFixed(1)} MB`,
  );
  console.log(`  growth ${(late - early).toFixed(1)} MB; peak / 64 MB goal = ${(peak / 64).toFixed(2)}`);

  // Trap to event.
  const before = noc.deliveries.length;
  const trapAt = Date.now();
  await sendSimTrap('trunk-failure', { port: trapPort, entity: 'Line 1', reason: 18 });
  await until(
    () => noc.deliveries.slice(before).some((e) => e.condition === 'trunks'),
    15_000,
    'trunks event',
  );
  const trapMs = Date.now() - trapAt;
  console.log(
    `trunk-failure trap -> event at the console: ${trapMs} ms (goal < 2000 ms; ratio ${(trapMs / 2000).toFixed(2)})`,
  );

  // Fault without a trap to event.
  const mark = noc.deliveries.length;
  const faultAt = Date.now();
  await sim.setStationsDown({ ratio: 0.8 });
  await until(
    () => noc.deliveries.slice(mark).some((e) => e.condition === 'stations' && e.change === 'raised'),
    30_000,
    'stations event',
  );
  const faultMs = Date.now() - faultAt;
  const goal = RAISE_AFTER * INTERVAL_MS + 1000;
  console.log(
    `80% stations down (no trap) -> event at the console: ${faultMs} ms (goal <= ${goal} ms; ratio ${(faultMs / goal).toFixed(2)})`,
  );
} finally {
  agent.kill('SIGTERM');
  await new Promise((r) => agent.once('exit', r));
  await noc.close();
  await sip.close();
  await sim.close();
  await broker.down();
  fs.rmSync(dir, { recursive: true, force: true });
}
