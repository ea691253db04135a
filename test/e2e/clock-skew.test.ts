/**
 * An agent whose wall clock is 3 hours slow. The agent bin has no clock option, so the daemon runs
 * in this process with an injected clock (its only wall-time source; see agent/src/daemon/agent.ts)
 * while everything else is real: SNMP/SIP over UDP to the simulator, MQTT over TCP to the console.
 */
import fs from 'node:fs';
import { type Agent, createAgent, createRealWatchers, parseConfig, silentLogger } from '@pbxwatch/agent';
import { afterAll, describe, expect, it } from 'vitest';
import { monotonicUptime, realTimers } from '../../agent/src/publish/timers.js';
import { startPbxSim } from '../pbx-sim/index.js';
import {
  api,
  BROKER_PASSWORD_ENV,
  HOUR,
  SITE,
  seedSite,
  startE2eConsole,
  tempDir,
  until,
  writeAgentConfig,
} from './e2e-harness.js';

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const SKEW = -3 * HOUR;

describe('agent clock hours wrong', () => {
  it('the console corrects event times to its own clock and flags the ticket timeCorrected', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const c = await startE2eConsole({ dataDir: tmp.dir });
    cleanups.push(() => c.app.stop());
    const secret = await seedSite(c);
    const pbx = await startPbxSim({ count: 20 });
    cleanups.push(pbx.close);
    const file = writeAgentConfig(tmp.dir, pbx, c.mqttUrl);
    const config = parseConfig(fs.readFileSync(file, 'utf8'), file, {
      env: { [BROKER_PASSWORD_ENV]: secret },
      readFile: (p) => fs.readFileSync(p, 'utf8'),
    });
    const clock = { now: () => Date.now() + SKEW };
    const log = silentLogger();
    const agent: Agent = createAgent({
      config,
      watchers: createRealWatchers(config, { clock, log }),
      clock,
      uptime: monotonicUptime(),
      timers: realTimers,
      log,
      agentVersion: '0.1.0',
      reconnect: { baseMs: 100, maxMs: 500 },
    });
    await agent.start();
    cleanups.push(() => agent.stop());
    // a few heartbeats give the console its offset samples
    await until(async () => (await api(c.http, `/api/v1/sites/${SITE}`)).online, 10_000, 'site online');

    const downAt = Date.now();
    pbx.setStationsDown({ ratio: 0.8 });
    const listed = await until(
      async () => (await api(c.http, `/api/v1/tickets?site=${SITE}&condition=stations`)).items[0],
      15_000,
      'stations ticket',
    );
    const t = await api(c.http, `/api/v1/tickets/${listed.id}`);
    expect(t.timeCorrected).toBe(true);
    // the console's offset is its own time minus the agent's: +3 h for an agent 3 h slow
    expect(Math.abs(t.clockOffsetMs + SKEW)).toBeLessThan(5_000);
    const detectedAt = Date.parse(t.detectedAt);
    // corrected onto the console's clock: after the fault began, not three hours before it
    expect(detectedAt).toBeGreaterThanOrEqual(downAt - 1_000);
    expect(detectedAt).toBeLessThanOrEqual(Date.now());
    const ev = c.app.services.db
      .prepare(
        "SELECT agent_at, detected_at, time_corrected FROM events WHERE ticket_id = ? AND change = 'raised'",
      )
      .get(t.id) as { agent_at: number; detected_at: number; time_corrected: number };
    expect(ev.time_corrected).toBe(1);
    expect(ev.agent_at).toBeLessThan(downAt - 2 * HOUR); // what the agent said
    // stored with sub-millisecond precision (corrected through the agent's uptime); the API rounds
    expect(Math.abs(ev.detected_at - detectedAt)).toBeLessThan(1);
    expect(Math.abs(Date.parse(t.sla.response.dueAt) - (detectedAt + HOUR))).toBeLessThan(1);
  });
});
