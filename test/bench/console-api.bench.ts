/**
 * `GET /api/v1/tickets?state=open` (first page, each ticket with its SLA clocks evaluated) with
 * 10,000 open tickets, 50 concurrent keep-alive clients for 10 s after a warm-up. The console runs
 * in a worker thread, the clients in the main thread. Measured twice: every request evaluated
 * (cache off), then with the default one-second list micro-cache (skipped with UNCACHED_ONLY=1).
 * Goal: p95 < 50 ms.
 *
 * @example
 * npm run build && npx tsx test/bench/console-api.bench.ts
 */
import { Worker } from 'node:worker_threads';

const TICKETS = 10_000;
const CLIENTS = 50;
const SECONDS = 10;
const TOKEN = 'bench-admin-token-0123456789abcdef';

async function run(listCacheMs: number): Promise<void> {
  const file = new URL('./console-api-server.worker.ts', import.meta.url).href;
  const w = new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(file)}); });`,
    { eval: true, workerData: { tickets: TICKETS, token: TOKEN, listCacheMs } },
  );
  const seedStart = performance.now();
  const { port } = await new Promise<{ port: number }>((r, j) => {
    w.once('message', r);
    w.once('error', j);
  });
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const url = `http://127.0.0.1:${port}/api/v1/tickets?state=open`;
  const headers = { authorization: `Bearer ${TOKEN}` };
  const first = (await fetch(url, { headers }).then((r) => r.json())) as {
    total: number;
    items: { sla: Record<string, unknown> }[];
  };
  if (first.total !== TICKETS) throw new Error(`expected ${TICKETS} open tickets, API says ${first.total}`);
  const hasSla = first.items.every((t: { sla: Record<string, unknown> }) => Object.keys(t.sla).length > 0);

  async function load(seconds: number, record: number[] | null): Promise<void> {
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < end) {
          const t = performance.now();
          const r = await fetch(url, { headers });
          await r.arrayBuffer();
          if (r.status !== 200) throw new Error(`status ${r.status}`);
          record?.push(performance.now() - t);
        }
      }),
    );
  }

  await load(2, null);
  const lat: number[] = [];
  const started = performance.now();
  await load(SECONDS, lat);
  const took = (performance.now() - started) / 1000;
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.ceil(p * lat.length) - 1)] as number;
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  console.log(
    `\n${listCacheMs ? `with the list micro-cache (${listCacheMs} ms buckets, default)` : 'every request evaluated (api.listCacheMs: 0)'}:`,
  );
  console.log(
    `  open tickets: ${TICKETS.toLocaleString('en-US')} (seeded in ${seedSeconds.toFixed(1)} s), page size ${first.items.length}, SLA on every item: ${hasSla}`,
  );
  console.log(
    `  ${CLIENTS} clients: ${lat.length.toLocaleString('en-US')} requests in ${took.toFixed(1)} s = ${Math.round(lat.length / took).toLocaleString('en-US')} req/s`,
  );
  console.log(
    `  latency p50 ${ms(q(0.5))}, p95 ${ms(q(0.95))}, p99 ${ms(q(0.99))}, max ${ms(lat[lat.length - 1] as number)}`,
  );
  console.log(`  goal p95 < 50 ms: ${q(0.95) < 50 ? 'met' : 'NOT met'}`);
  w.postMessage('stop');
  await new Promise((r) => w.once('message', r));
  await w.terminate();
}

await run(0);
if (!process.env.UNCACHED_ONLY) await run(1000);
process.exit(0);
