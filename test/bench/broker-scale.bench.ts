/**
 * Connection scale: up to 10,000 simulated agents, each its own TCP connection and credential,
 * send heartbeats at QoS 1 to the pbxwatch broker while a console subscriber (in the broker's
 * process, as when embedded) receives them. Reports broker memory per connection and heartbeat
 * latency p50/p99. The agents are minimal hand-encoded MQTT 3.1.1 clients in child processes (this
 * same file, run with `agents`), so their memory is not counted.
 *
 * @example
 * npx tsx test/bench/broker-scale.bench.ts
 */
import { execSync, spawn } from 'node:child_process';
import { type Socket, connect as tcpConnect } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HB_TOPIC = (i: number) => `pbxwatch/v1/sites/s${i}/heartbeat`;

// ---------- child: a crowd of raw MQTT agents ----------
function str(s: string): Buffer {
  const b = Buffer.from(s);
  return Buffer.concat([Buffer.from([b.length >> 8, b.length & 255]), b]);
}
function frame(header: number, body: Buffer): Buffer {
  const len: number[] = [];
  let x = body.length;
  do {
    let b = x % 128;
    x = Math.floor(x / 128);
    if (x > 0) b |= 0x80;
    len.push(b);
  } while (x > 0);
  return Buffer.concat([Buffer.from([header, ...len]), body]);
}
const connectPacket = (id: string, user: string, pass: string) =>
  // protocol "MQTT" level 4, flags: username + password + clean session, keepalive 300 s
  frame(
    0x10,
    Buffer.concat([str('MQTT'), Buffer.from([4, 0xc2, 0x01, 0x2c]), str(id), str(user), str(pass)]),
  );
const publishQos1 = (topic: string, msgId: number, payload: string) =>
  frame(0x32, Buffer.concat([str(topic), Buffer.from([msgId >> 8, msgId & 255]), Buffer.from(payload)]));

async function agents(
  port: number,
  from: number,
  count: number,
  intervalMs: number,
  durationMs: number,
): Promise<void> {
  const sockets: Socket[] = [];
  let failed = 0;
  const open = (i: number) =>
    new Promise<void>((resolve) => {
      const s = tcpConnect(port, '127.0.0.1');
      s.once('error', () => {
        failed++;
        resolve();
      });
      s.once('connect', () => s.write(connectPacket(`s${i}`, `s${i}`, `secret-${i}`)));
      s.once('data', (d) => {
        if (d[0] === 0x20 && d[3] === 0) sockets.push(s);
        else failed++;
        s.on('data', () => {}); // PUBACKs
        resolve();
      });
    });
  for (let i = from; i < from + count; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, from + count - i) }, (_, k) => open(i + k)));
  }
  process.stdout.write(`${JSON.stringify({ connected: sockets.length, failed })}\n`);
  const go = await new Promise<string>((r) => createInterface({ input: process.stdin }).once('line', r));
  if (go !== 'go') process.exit(0);
  // spread each agent's heartbeat evenly over the interval
  let msgId = 1;
  const timers = sockets.map((s, k) =>
    setTimeout(
      () => {
        const beat = () => {
          msgId = (msgId % 65535) + 1;
          const sentAt = performance.timeOrigin + performance.now();
          s.write(publishQos1(HB_TOPIC(from + k), msgId, JSON.stringify({ kind: 'heartbeat', sentAt })));
        };
        beat();
        timers.push(setInterval(beat, intervalMs));
      },
      (k / sockets.length) * intervalMs,
    ),
  );
  await new Promise((r) => setTimeout(r, durationMs));
  for (const t of timers) clearTimeout(t);
  process.stdout.write(`${JSON.stringify({ done: true })}\n`);
  for (const s of sockets) s.destroy();
  process.exit(0);
}

// ---------- parent: broker + console + measurement ----------
async function main(): Promise<void> {
  const { createBroker, hashSecret, verifySecret, generateSecret } = await import('@pbxwatch/broker');
  const mqtt = (await import('mqtt')).default;
  const pino = (await import('pino')).default;
  const nofile = Number(execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim()) || 1024;
  const TARGET = 10_000;
  // each connection needs one descriptor here and one in an agent process; keep headroom
  const agentsWanted = Math.min(TARGET, nofile - 200);
  const PROCS = 2;
  const INTERVAL_MS = 5_000;
  const MEASURE_MS = 12_000;

  // Cheap hashes (N=16): this bench is about connections and delivery, not KDF cost; the real
  // cost of one login is measured and printed separately below.
  const fast = { N: 16, r: 1, p: 1 };
  const hashes = new Map<string, string>();
  const t0 = performance.now();
  for (let i = 0; i < agentsWanted; i++) hashes.set(`s${i}`, await hashSecret(`secret-${i}`, fast));
  const consoleSecret = generateSecret();
  const consoleHash = await hashSecret(consoleSecret);
  const setupS = (performance.now() - t0) / 1000;

  const broker = createBroker({
    credentials: {
      get: (u) =>
        u === 'noc'
          ? { hash: consoleHash, role: 'console' }
          : hashes.has(u)
            ? { hash: hashes.get(u) as string, role: 'site', siteId: u }
            : undefined,
    },
    listeners: [{ protocol: 'tcp', host: '127.0.0.1', port: 0 }],
    logger: pino({ level: 'silent' }),
    limits: { maxTopicLevels: 8 },
  });
  const { ports } = await broker.start();
  const port = ports[0] as number;
  const gc = (globalThis as { gc?: () => void }).gc;
  const mem = () => {
    gc?.();
    return process.memoryUsage();
  };

  const con = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    username: 'noc',
    password: consoleSecret,
    protocolVersion: 4,
    reconnectPeriod: 0,
  });
  await con.subscribeAsync('pbxwatch/v1/sites/+/heartbeat', { qos: 1 });
  const latencies: number[] = [];
  let measuring = false;
  con.on('message', (_t, payload) => {
    if (!measuring) return;
    const { sentAt } = JSON.parse(payload.toString()) as { sentAt: number };
    latencies.push(performance.timeOrigin + performance.now() - sentAt);
  });
  const before = mem();

  const per = Math.ceil(agentsWanted / PROCS);
  const self = fileURLToPath(import.meta.url);
  const tRamp = performance.now();
  const children = Array.from({ length: PROCS }, (_, p) => {
    const from = p * per;
    const count = Math.max(0, Math.min(per, agentsWanted - from));
    return spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        self,
        'agents',
        `${port}`,
        `${from}`,
        `${count}`,
        `${INTERVAL_MS}`,
        `${MEASURE_MS}`,
      ],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
  });
  const lines = children.map((c) => {
    const rl = createInterface({ input: c.stdout });
    const queue: string[] = [];
    const waiters: ((l: string) => void)[] = [];
    rl.on('line', (l) => (waiters.length ? (waiters.shift() as (l: string) => void)(l) : queue.push(l)));
    return () => new Promise<string>((r) => (queue.length ? r(queue.shift() as string) : waiters.push(r)));
  });
  const ramp = (await Promise.all(lines.map((next) => next()))).map(
    (l) => JSON.parse(l) as { connected: number; failed: number },
  );
  const rampS = (performance.now() - tRamp) / 1000;
  const connected = ramp.reduce((a, r) => a + r.connected, 0);
  const failed = ramp.reduce((a, r) => a + r.failed, 0);
  const after = mem();
  const clientsAtPeak = broker.metrics().connectedClients;

  measuring = true;
  for (const c of children) c.stdin?.write('go\n');
  await Promise.all(lines.map((next) => next()));
  measuring = false;
  await Promise.all(
    children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
  );

  // real KDF cost of one login at the default parameters
  const probe = await hashSecret('probe');
  const tk = performance.now();
  for (let i = 0; i < 5; i++) await verifySecret('probe', probe);
  const kdfMs = (performance.now() - tk) / 5;

  con.end(true);
  await broker.stop();

  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    (latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN).toFixed(1);
  const expected = Math.round((connected * MEASURE_MS) / INTERVAL_MS);
  const perConn = (k: 'rss' | 'heapUsed') =>
    ((after[k] - before[k]) / Math.max(1, connected) / 1024).toFixed(1);
  console.log(
    `connection scale (ulimit -n ${nofile}; target ${TARGET}, attempted ${agentsWanted} in ${PROCS} agent processes)`,
  );
  console.log(
    `  connected            : ${connected} (failed ${failed}) in ${rampS.toFixed(1)} s; broker counted ${clientsAtPeak} sessions incl. the console`,
  );
  console.log(
    `  broker memory / conn : ${perConn('rss')} KiB RSS, ${perConn('heapUsed')} KiB heap${gc ? '' : ' (no --expose-gc: noisy)'}`,
  );
  console.log(
    `  heartbeats           : ${latencies.length} received of ~${expected} sent (every ${INTERVAL_MS / 1000} s each, ${MEASURE_MS / 1000} s window)`,
  );
  console.log(`  heartbeat latency    : p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms`);
  console.log(
    `  login KDF cost       : ${kdfMs.toFixed(1)} ms per scrypt verify at default N=16384 (bench used N=16; setup ${setupS.toFixed(1)} s)`,
  );
  console.log(
    `                         -> a cold reconnect storm of ${TARGET} sites costs ~${((TARGET * kdfMs) / 1000).toFixed(0)} CPU-s; reconnects hit the verified cache`,
  );
}

if (process.argv[2] === 'agents') {
  const [port, from, count, interval, duration] = process.argv.slice(3).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  await agents(port, from, count, interval, duration);
} else {
  await main();
}
