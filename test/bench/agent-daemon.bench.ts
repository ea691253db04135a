// Benchmark: the real agent process, as deployed on a gateway: the esbuild bundle, run with the
// node flags and environment of deploy/systemd/pbxwatch-agent.service (read from the unit, so the
// two cannot drift). It polls a 2,400-station IP Office (the iPECS-UCP2400 maximum; the simulator
// runs in its own process) every second for BENCH_AGENT_SECONDS (default 300, the goal's five
// minutes), then measures:
// - resident memory of the agent process over time (goal: at most 64 MB, and not growing), and its
//   CPU share;
// - a trunk-failure trap to the event published (goal: under 2 s);
// - a fault with no trap (80% of stations down) to the event (goal: raiseAfter × interval + 1 s).
// Run: npx tsx test/bench/agent-daemon.bench.ts
// BENCH_AGENT_CLI runs another build (e.g. agent/dist/cli/agent-cli.js, unbundled);
// BENCH_AGENT_NODE_FLAGS overrides the unit's node flags.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestBroker, startTestConsole, until } from '../../agent/src/publish/test-helpers/mqtt-peers.js';
import { bundleAll } from '../../scripts/bundle.js';
import { startSnmpAgentSimProcess } from '../pbx-sim/sim-process.js';
import { startSipResponder } from '../pbx-sim/sip-responder.js';
import { sendSimTrap } from '../pbx-sim/traps.js';

const SECONDS = Number(process.env.BENCH_AGENT_SECONDS ?? 300);
const INTERVAL_MS = 1000;
const RAISE_AFTER = 2;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = process.env.BENCH_AGENT_CLI ?? (await bundleAll(['agent']))[0]!.outFile;
const SITE = 'bench-site';

async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** CPU seconds (user + system) the process has used so far, from /proc (fields 14 and 15). */
const cpuSeconds = (pid: number): number => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/** The node flags of the unit's ExecStart and its Environment= settings. */
function unitSettings(file: string): { nodeFlags: string[]; env: Record<string, string> } {
  const text = fs.readFileSync(file, 'utf8');
  const exec = /^ExecStart=\S*node((?:\s+--\S+)*)\s/m.exec(text);
  if (!exec) throw new Error(`${file}: no ExecStart=…node line`);
  const env: Record<string, string> = {};
  for (const m of text.matchAll(/^Environment=(\w+)=(\S*)$/gm)) env[m[1]!] = m[2]!;
  return { nodeFlags: exec[1]!.trim().split(/\s+/), env };
}

/** Bytes the process has caused to be written to storage so far (/proc/<pid>/io write_bytes). */
const writtenBytes = (pid: number): number => {
  const m = /^write_bytes: (\d+)$/m.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
};

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
const unit = unitSettings(path.join(ROOT, 'deploy/systemd/pbxwatch-agent.service'));
const NODE_FLAGS = process.env.BENCH_AGENT_NODE_FLAGS?.split(' ').filter(Boolean) ?? unit.nodeFlags;
const agent = spawn(process.execPath, [...NODE_FLAGS, CLI, 'run', '--config', config], {
  env: { ...process.env, ...unit.env, NOTIFY_SOCKET: '' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const pid = agent.pid as number;

try {
  // Memory: sample every 5 s; compare the first and last thirds to see growth.
  await new Promise((r) => setTimeout(r, 5000));
  const samples: { t: number; mb: number }[] = [];
  const t0 = Date.now();
  const cpu0 = cpuSeconds(pid);
  const written0 = writtenBytes(pid);
  while (Date.now() - t0 < SECONDS * 1000) {
    samples.push({ t: (Date.now() - t0) / 1000, mb: rssMb(pid) });
    await new Promise((r) => setTimeout(r, 5000));
  }
  const elapsedS = (Date.now() - t0) / 1000;
  const cpuShare = (cpuSeconds(pid) - cpu0) / elapsedS;
  const writtenPerPoll = (writtenBytes(pid) - written0) / (elapsedS / (INTERVAL_MS / 1000));
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
  // One sample in six (every 30 s): enough to see a slope without flooding the report.
  const series = samples.filter((_, i) => i % 6 === 0).map((x) => x.mb.toFixed(1));
  console.log(`  every 30 s: ${series.join(' ')} MB`);
  console.log(`  CPU ${(cpuShare * 100).toFixed(1)}% of one core`);
  // What an SD card sees: the state directory's SQLite (WAL, synchronous FULL), per poll.
  console.log(
    `  storage writes ${(writtenPerPoll / 1024).toFixed(1)} KiB per poll (${((writtenPerPoll * 2880) / 1048576).toFixed(0)} MiB a day at a 30 s interval)`,
  );
  console.log(`  ran ${path.relative(ROOT, CLI)} with node ${NODE_FLAGS.join(' ') || '(no flags)'}`);

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
