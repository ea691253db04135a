import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestConsole, until } from '../../agent/src/publish/test-helpers/mqtt-peers.js';
import {
  agentRig,
  buildAgent,
  pendingInOutbox,
  SITE,
  spawnAgent as spawnAgentProcess,
} from './agent-fixtures.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

beforeAll(() => buildAgent());

/** The built agent on `config`, killed (SIGKILL unless it has exited) after the test. */
function spawnAgent(config: string) {
  const agent = spawnAgentProcess(config);
  cleanups.push(() => agent.kill());
  return agent;
}

const setup = () => agentRig(cleanups);

describe('the built agent as a process, against the PBX simulator and aedes', () => {
  it('raises stations P1 when >75% go down, clears it, and goes offline cleanly on SIGTERM', async () => {
    const { pbx, broker, config } = await setup();
    const con = await startTestConsole(broker.url(), SITE);
    cleanups.push(() => con.close());
    const agent = spawnAgent(config);
    await until(() => agent.log().includes('connected to broker'), 15_000, 'agent connected');
    pbx.setStationsDown({ ratio: 0.8 });
    await until(() => con.deliveries.some((d) => d.condition === 'stations'), 15_000, 'stations raised');
    const raised = con.deliveries.find((d) => d.condition === 'stations');
    expect(raised).toMatchObject({ change: 'raised', priority: 'P1' });
    pbx.setStationsDown(0);
    await until(
      () => con.deliveries.some((d) => d.condition === 'stations' && d.change === 'cleared'),
      15_000,
      'cleared',
    );
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    expect(JSON.parse(broker.retained.get(`pbxwatch/v1/sites/${SITE}/status`) ?? '{}')).toMatchObject({
      state: 'offline',
    });
  });

  it('kill -9 with events pending and backlogged, broker down meanwhile: no event lost, none re-raised', async () => {
    const { pbx, broker, config, stateDir } = await setup();
    const con = await startTestConsole(broker.url(), SITE, { acking: false });
    cleanups.push(() => con.close());

    // 1. raised and delivered, but the console does not ack: pending in the outbox; kill -9.
    let agent = spawnAgent(config);
    await until(() => agent.log().includes('connected to broker'), 15_000, 'agent connected');
    pbx.setStationsDown({ ratio: 0.5 });
    await until(() => con.deliveries.some((d) => d.condition === 'stations'), 15_000, 'stations raised');
    agent.child.kill('SIGKILL');
    await agent.exited;
    expect(pendingInOutbox(stateDir)).toBe(1);

    // 2. broker down; restarted agent sees the stations back, so it clears into a backlog; kill -9 again.
    await broker.down();
    pbx.setStationsDown(0);
    agent = spawnAgent(config);
    await until(() => pendingInOutbox(stateDir) === 2, 15_000, 'cleared event in the outbox');
    agent.child.kill('SIGKILL');
    await agent.exited;

    // 3. broker back, console acks: everything arrives and is acked; the outbox drains.
    await broker.up();
    con.setAcking(true);
    agent = spawnAgent(config);
    await until(() => pendingInOutbox(stateDir) === 0, 20_000, 'outbox drained');
    const stations = [
      ...new Map(con.deliveries.filter((d) => d.condition === 'stations').map((d) => [d.id, d])).values(),
    ];
    expect(stations.map((d) => [d.change, d.priority])).toEqual([
      ['raised', 'P2'],
      ['cleared', 'P2'],
    ]);
    // the clear happened after the first restart and names the boot whose uptime it carries
    expect(stations[1]?.detail.atBootId).not.toBe(stations[0]?.detail.atBootId);
    for (const d of stations) expect(con.acked.get(d.id)).toBeGreaterThanOrEqual(1);
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
  });
});
