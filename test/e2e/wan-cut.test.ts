/**
 * The WAN between the site and the NOC is cut for the whole fault: the stations go down and come
 * back while the broker is unreachable. When the link returns, the console learns both facts with
 * their real times (the agent's outbox kept them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPbxSim } from '../pbx-sim/index.js';
import {
  api,
  buildDist,
  SITE,
  seedSite,
  spawnAgent,
  startE2eConsole,
  startWanProxy,
  stationsLogged,
  tempDir,
  until,
  writeAgentConfig,
} from './e2e-harness.js';

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
beforeAll(() => buildDist());

describe('WAN cut during the whole fault', () => {
  it('opens the ticket late with the original detectedAt and records the restoration at its real time', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const c = await startE2eConsole({ dataDir: tmp.dir });
    cleanups.push(() => c.app.stop());
    const secret = await seedSite(c);
    const pbx = await startPbxSim({ count: 20 });
    cleanups.push(pbx.close);
    const wan = await startWanProxy(c.mqttPort as number);
    cleanups.push(wan.close);
    const agent = spawnAgent(writeAgentConfig(tmp.dir, pbx, wan.url), secret);
    cleanups.push(() => agent.kill());
    await agent.waitLog('connected to broker');
    await until(async () => (await api(c.http, `/api/v1/sites/${SITE}`)).online, 10_000, 'site online');

    await wan.cut();
    const downAt = Date.now();
    pbx.setStationsDown({ ratio: 0.8 });
    await until(() => stationsLogged(agent.log(), 'raised') > 0, 10_000, 'agent raised stations');
    const upAt = Date.now();
    pbx.setStationsDown(0);
    await until(() => stationsLogged(agent.log(), 'cleared') > 0, 10_000, 'agent cleared stations');
    const stations = () => api(c.http, `/api/v1/tickets?site=${SITE}&condition=stations&state=live`);
    expect((await stations()).total).toBe(0); // nothing crossed the cut

    const linkBackAt = Date.now();
    await wan.restore();
    const listed = await until(
      async () => (await stations()).items.find((t: { state: string }) => t.state === 'restored'),
      20_000,
      'restored stations ticket after the link returned',
    );
    const t = await api(c.http, `/api/v1/tickets/${listed.id}`);
    expect(t.priority).toBe('P1');
    const detectedAt = Date.parse(t.detectedAt);
    const restoredAt = Date.parse(t.restoredAt);
    expect(detectedAt).toBeGreaterThanOrEqual(downAt);
    expect(detectedAt).toBeLessThan(upAt);
    expect(restoredAt).toBeGreaterThanOrEqual(upAt);
    expect(restoredAt).toBeLessThan(linkBackAt);
    expect(t.timeline.map((e: { type: string; at: string }) => [e.type, Date.parse(e.at)])).toEqual([
      ['opened', detectedAt],
      ['restored', restoredAt],
    ]);
    // both events reached the console only after the link came back, with the agent's times
    const events = c.app.services.db
      .prepare(
        "SELECT change, at, detected_at, received_at FROM events WHERE condition = 'stations' ORDER BY at",
      )
      .all() as { change: string; at: number; detected_at: number; received_at: number }[];
    expect(events.map((e) => [e.change, e.at])).toEqual([
      ['raised', detectedAt],
      ['cleared', restoredAt],
    ]);
    for (const e of events) expect(e.received_at).toBeGreaterThanOrEqual(linkBackAt);
    // resolution stopped at the restoration, long before the 4 h target: met, not running
    expect(t.sla.resolution.state).not.toBe('running');
  });
});
