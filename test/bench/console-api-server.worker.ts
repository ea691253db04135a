/**
 * The console under test for `console-api.bench.ts`, in its own thread so that the load generator
 * does not share its event loop: seeds 10,000 open tickets, starts the console, posts `{ port }`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { createConsole, hashSecret, parseConfig } from '@pbxwatch/console';
import type { Condition } from '@pbxwatch/core';
import pino from 'pino';

const { tickets, token, listCacheMs } = workerData as { tickets: number; token: string; listCacheMs: number };
const dir = mkdtempSync(join(tmpdir(), 'pbxwatch-api-bench-'));
const app = createConsole(
  parseConfig({
    dataDir: dir,
    http: { host: '127.0.0.1', port: 0 },
    mqtt: { host: '127.0.0.1', port: 0 },
    adminToken: token,
    api: { listCacheMs },
    logLevel: 'silent',
  }),
  { logger: pino({ level: 'silent' }) },
);
const { httpPort } = await app.start();
const s = app.services;
// No pbx-down: it would inhibit its child conditions on the same site.
const conds: Condition[] = ['stations', 'trunks', 'sip-slow', 'snmp-down'];
const hash = hashSecret('bench'); // one hash for every seeded site: the API never checks it
const now = Date.now();
s.db.transaction(() => {
  const c = s.customers.create({ name: 'Bench' });
  const ins = s.db.prepare(
    "INSERT INTO sites (id, name, customer_id, plan_key, time_zone, mqtt_secret_hash, created_at) VALUES (?, ?, ?, ?, 'America/Chicago', ?, ?)",
  );
  const sites = Math.ceil(tickets / conds.length);
  for (let i = 0; i < sites; i++)
    ins.run(`site-${i}`, `Site ${i}`, c.id, i % 2 ? 'roi-priority' : 'ipcelerate', hash, now);
  for (let n = 0; n < tickets; n++) {
    const condition = conds[n % conds.length] as Condition;
    const at = now - (n % 600) * 60_000;
    s.tickets.applyCondition({
      siteId: `site-${Math.floor(n / conds.length)}`,
      condition,
      change: 'raised',
      priority: condition === 'stations' ? 'P1' : condition === 'trunks' ? 'P2' : 'P3',
      at,
      detectedAt: at,
      summary: `${condition} raised`,
      timeCorrected: false,
      offsetMs: null,
      actor: 'bench',
    });
  }
})();
parentPort!.postMessage({ port: httpPort });
parentPort!.once('message', async () => {
  await app.stop();
  parentPort!.postMessage({ stopped: true });
});
