/**
 * Sustained ingest through the whole console path: simulated agents (mqtt.js, QoS 1) → embedded
 * pbxwatch broker → console ingest (validate, dedupe, tickets, one SQLite transaction per batch,
 * synchronous=FULL) → ack back to each agent. Counted done when every agent holds an ack for every
 * event it sent. Printed beside the raw QoS 1 rate of plain aedes (no auth, no hooks, no storage)
 * carrying the same number of messages from the same number of clients in the same run.
 * Goal: ≥ 5,000 events/s end to end.
 *
 * @example
 * npm run build && npx tsx test/bench/console-ingest.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createConsole, parseConfig } from '@pbxwatch/console';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import pino from 'pino';

const SITES = 50;
const PER_SITE = 1000; // within the broker's default per-site burst (1000), so no rate limit trips

/** Runs the simulated agents in a worker thread; resolves with its measured seconds. */
async function runAgents(
  url: string,
  sites: { id: string; secret?: string }[],
  mode: 'console' | 'raw',
  onReady?: () => void,
) {
  // Workers do not inherit tsx's loader: register it in the worker before importing the agents.
  const file = new URL('./console-agents.worker.ts', import.meta.url).href;
  const w = new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(file)}); });`,
    { eval: true, workerData: { url, sites, perSite: PER_SITE, mode } },
  );
  await new Promise<void>((r, j) => {
    w.once('message', () => r());
    w.once('error', j);
  });
  onReady?.();
  const started = performance.now();
  w.postMessage('go');
  const res = await new Promise<{ seconds: number }>((r, j) => {
    w.once('message', r);
    w.once('error', j);
  });
  await w.terminate();
  return { seconds: res.seconds, wall: (performance.now() - started) / 1000 };
}

async function consoleRun(): Promise<{ rate: number; seconds: number; batches: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'pbxwatch-bench-'));
  const app = createConsole(
    parseConfig({
      dataDir: dir,
      http: { host: '127.0.0.1', port: 0 },
      mqtt: { host: '127.0.0.1', port: 0 },
      adminToken: 'x'.repeat(32),
      logLevel: 'silent',
    }),
    { logger: pino({ level: 'silent' }) },
  );
  const { mqttPort } = await app.start();
  const s = app.services;
  const c = s.customers.create({ name: 'Bench' });
  const secrets = new Map<string, string>();
  for (let i = 0; i < SITES; i++) {
    const id = `site-${i}`;
    secrets.set(
      id,
      s.sites.create({
        id,
        name: id,
        customerId: c.id,
        planKey: 'roi-priority',
        timeZone: 'America/Los_Angeles',
      }).mqttSecret,
    );
  }
  const total = SITES * PER_SITE;
  const { seconds } = await runAgents(
    `mqtt://127.0.0.1:${mqttPort}`,
    [...secrets].map(([id, secret]) => ({ id, secret })),
    'console',
  );
  const batches = s.metrics.value('pbxwatch_ingest_batches_total');
  const stored = (s.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  if (stored !== total) throw new Error(`stored ${stored} of ${total}`);
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
  return { rate: total / seconds, seconds, batches };
}

async function rawAedesRun(): Promise<{ rate: number; seconds: number }> {
  const aedes = await Aedes.createBroker();
  const server = createServer(aedes.handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const sub = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: 'sub', reconnectPeriod: 0 });
  let got = 0;
  const total = SITES * PER_SITE;
  const done = new Promise<void>((resolve) =>
    sub.on('message', () => {
      if (++got === total) resolve();
    }),
  );
  await sub.subscribeAsync('pbxwatch/v1/sites/+/events', { qos: 1 });
  const sites = Array.from({ length: SITES }, (_, i) => ({ id: `site-${i}` }));
  let started = 0;
  await runAgents(`mqtt://127.0.0.1:${port}`, sites, 'raw', () => {
    started = performance.now();
  });
  await done;
  const seconds = (performance.now() - started) / 1000;
  await sub.endAsync();
  await new Promise<void>((r) => aedes.close(() => r()));
  server.close();
  return { rate: total / seconds, seconds };
}

const raw = await rawAedesRun();
const ours = await consoleRun();
const f = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(
  `agents: ${SITES}, events: ${f(SITES * PER_SITE)} (QoS 1; raise/clear cycles on 4 conditions per site)`,
);
console.log(
  `raw aedes QoS 1, publish → subscriber:            ${f(raw.rate)} msg/s (${raw.seconds.toFixed(2)} s)`,
);
console.log(
  `console end to end, publish → SQLite → ack:       ${f(ours.rate)} events/s (${ours.seconds.toFixed(2)} s, ${f(ours.batches)} transactions)`,
);
console.log(`ratio console / raw aedes:                        ${(ours.rate / raw.rate).toFixed(2)}`);
console.log(`goal ≥ 5,000 events/s:                            ${ours.rate >= 5000 ? 'met' : 'NOT met'}`);
process.exit(0);
