// Dashboard with 10,000 open tickets: time to build and render the full page and the live fragment
// (the fragment is what every SSE-triggered refresh costs). Run: npx tsx test/bench/web-dashboard.bench.ts
import { performance } from 'node:perf_hooks';
import { createApi } from '../../console/src/api/create-api.js';
import { makeHarness } from '../../console/src/test-helpers/harness.js';
import { createWebUi } from '../../console/src/web/web-ui.js';

const TICKETS = 10_000;
const COLD = process.argv.includes('--cold');
const h = makeHarness();
const web = createWebUi({ now: () => h.clock.t });
const app = createApi(h, { routes: web.routes });
const user = h.users.create('bench', 'bench-password-123', 'noc');
const cookie = `pbxw_session=${web.sessions.create(user).id}`;

const t0 = performance.now();
h.db.transaction(() => {
  for (let i = 0; i < 100; i++)
    h.sites.create({ id: `site-${i}`, name: `Site ${i}`, planKey: 'roi-priority', timeZone: 'UTC' });
})();
// One ticket through the service (for its plan version), the rest inserted by the repository
// directly: opening 10,000 through the full lifecycle (timeline, hooks) would dominate the run.
const first = h.tickets.createManual({ siteId: 'site-0', priority: 'P1', summary: 'bench 0' }, 'bench');
h.db.transaction(() => {
  for (let i = 1; i < TICKETS; i++) {
    h.ticketRepo.insert({
      ...first,
      siteId: `site-${i % 100}`,
      priority: (['P1', 'P2', 'P3', 'P4'] as const)[i % 4]!,
      summary: `bench ${i}`,
      detectedAt: h.clock.t - ((i * 977) % 10_800_000),
    });
  }
})();
console.log(`setup: ${TICKETS} open tickets on 100 sites in ${(performance.now() - t0).toFixed(0)} ms`);

async function time(path: string, runs: number): Promise<void> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    h.clock.t += 1000; // a new second each time: nothing cached by time
    // --cold: a ticket changed before every request, so the order is recomputed each time.
    if (COLD) h.tickets.note(1, 'bench', `touch ${i}`);
    const s = performance.now();
    const r = await app.request(path, { headers: { cookie } });
    const body = await r.text();
    ms.push(performance.now() - s);
    bytes = body.length;
    if (r.status !== 200 || !body.includes('data-ticket'))
      throw new Error(`${path}: ${r.status} ${body.slice(0, 300)}`);
  }
  ms.sort((a, b) => a - b);
  const p = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(1);
  console.log(
    `${path}: ${runs} runs, median ${p(0.5)} ms, p90 ${p(0.9)} ms, ${(bytes / 1024).toFixed(0)} KiB (200 rows shown)${COLD ? ', a ticket changed before each' : ''}`,
  );
}

await time('/', 20);
await time('/ui/fragments/tickets', 20);
h.close();
