/**
 * Backlog drain after a WAN outage: N events in the SQLite outbox delivered to a real aedes broker
 * and acked by a test console, with a window of 64 events in flight vs one per round trip (the console acks each event at once).
 * Prints events/s for each and the ratio. Run: npx tsx test/bench/agent-backlog.bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createOutbox, createPublisher, openStateDb, silentLogger } from '../../agent/src/index.js';
import { startTestBroker, startTestConsole, until } from '../../agent/src/publish/test-helpers/mqtt-peers.js';
import { realTimers } from '../../agent/src/publish/timers.js';

const N = 600;

async function drain(window: number): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbxw-bench-'));
  const db = openStateDb(dir);
  const ob = createOutbox(
    db,
    { maxEvents: 100_000, maxTelemetry: 10, maxAge: 86_400_000 },
    { now: () => Date.now() },
  );
  const at = new Date().toISOString();
  db.transaction(() => {
    for (let i = 0; i < N; i++)
      ob.addEvent({
        kind: 'event',
        condition: 'stations',
        change: 'raised',
        priority: 'P2',
        at,
        atUptimeMs: i,
        detectedAt: at,
        summary: `e${i}`,
        detail: {},
      });
  })();
  const broker = await startTestBroker();
  const con = await startTestConsole(broker.url(), 'bench-site', { batch: 1 });
  const t0 = performance.now();
  const pub = createPublisher({
    siteId: 'bench-site',
    bootId: '6c4f3a52-8f7e-4b8e-9b1a-0d2f3c4e5a6b',
    broker: { url: broker.url(), keepalive: 30_000 },
    outbox: ob,
    clock: { now: () => Date.now() },
    uptime: () => performance.now() - t0,
    timers: realTimers,
    log: silentLogger(),
    window,
    ackTimeout: 60_000,
  });
  pub.start();
  await until(() => ob.stats().pending === 0, 120_000, 'drain');
  const ms = performance.now() - t0;
  await pub.stop(500);
  await con.close();
  await broker.down();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return ms;
}

const w64 = await drain(64);
const w1 = await drain(1);
console.log(`agent backlog drain, ${N} events, aedes over TCP, SQLite outbox (synchronous=FULL)`);
console.log(`  window 64: ${w64.toFixed(0)} ms  (${((N / w64) * 1000).toFixed(0)} events/s)`);
console.log(`  window  1: ${w1.toFixed(0)} ms  (${((N / w1) * 1000).toFixed(0)} events/s)`);
console.log(`  speed-up of the window: ${(w1 / w64).toFixed(1)}x`);
process.exit(0);
