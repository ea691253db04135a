/**
 * Trunk traps through the built agent as a process: IPO-MIB trunk notifications from the PBX
 * simulator over real UDP to the agent's trap port, the `trunks` condition to a test console
 * through a real aedes broker over TCP.
 */
import type { EventMessage } from '@pbxwatch/core/protocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, startTestConsole, until } from '../../agent/src/publish/test-helpers/mqtt-peers.js';
import { startPbxSim } from '../pbx-sim/index.js';
import {
  buildAgent,
  freeUdpPort,
  SITE,
  spawnAgent,
  tempDir,
  watchTelemetry,
  writeAgentConfig,
} from './agent-fixtures.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

beforeAll(() => buildAgent());

const trunkEvents = (ds: EventMessage[]) => [
  ...new Map(ds.filter((d) => d.condition === 'trunks').map((d) => [d.id, d])).values(),
];

describe('the built agent as a process: trunk traps', () => {
  it('a trunk-failure trap raises trunks P1 at once; trunk-operational clears it after clearAfter polls', async () => {
    const tmp = tempDir('pbxw-agent-traps-');
    cleanups.push(tmp.remove);
    const pbx = await startPbxSim({ count: 20 });
    cleanups.push(() => pbx.close());
    const broker = await startTestBroker();
    cleanups.push(() => broker.down());
    const con = await startTestConsole(broker.url(), SITE);
    cleanups.push(() => con.close());
    const tel = await watchTelemetry(broker.url(), SITE);
    cleanups.push(() => tel.close());
    const trapPort = await freeUdpPort();
    // raiseAfter 100 (20 s of polls): within this test only a trap, the PBX's own report, can raise.
    const config = writeAgentConfig(tmp.dir, pbx, broker.url(), {
      trapPort,
      thresholds: { raiseAfter: 100, clearAfter: 3 },
    });
    const agent = spawnAgent(config);
    cleanups.push(() => agent.kill());
    await agent.waitLog('connected to broker');
    // The trap port is bound before the first poll, whose telemetry knows no trunk yet.
    await until(() => tel.messages.length > 0, 10_000, 'first poll');
    expect(tel.messages[0]?.trunks).toBeUndefined();

    // An inform, so that the send resolves only once the agent's receiver has acknowledged it.
    const sentAt = Date.now();
    await pbx.sendTrap('trunk-failure', {
      port: trapPort,
      version: '2c-inform',
      entity: 'Line 1',
      reason: 18,
    });
    await until(() => trunkEvents(con.deliveries).length > 0, 5_000, 'trunks raised');
    // The trap makes the agent poll at once (detection.md); the daemon bench's goal is under 2 s.
    expect(Date.now() - sentAt).toBeLessThan(2_000);
    const [raised] = trunkEvents(con.deliveries);
    expect(raised).toMatchObject({
      change: 'raised',
      priority: 'P1', // the only trunk known has failed: every trunk
      detail: { total: 1, failed: 1, failedTrunks: ['Line 1'] },
    });
    expect(Date.parse(raised!.detectedAt)).toBeGreaterThanOrEqual(sentAt); // the poll the trap started
    expect(agent.log()).toMatch(/"kind":"trunk-failure".*"trunk":"Line 1".*"msg":"trap: polling now"/);

    await pbx.sendTrap('trunk-operational', { port: trapPort, version: '2c-inform', entity: 'Line 1' });
    await until(() => trunkEvents(con.deliveries).length > 1, 10_000, 'trunks cleared');
    const [, cleared] = trunkEvents(con.deliveries);
    expect(cleared).toMatchObject({
      change: 'cleared',
      priority: 'P1',
      detectedAt: raised?.detectedAt,
      detail: { total: 1, failed: 0 },
    });
    // Cleared by polls after the trap, not by the trap alone: its `at` is the first good poll
    // (the telemetry of each poll carries the same instant) and it was sent at the third.
    const good = () =>
      tel.messages.filter((m) => m.at >= cleared!.at && m.trunks?.total === 1 && m.trunks.failed === 0);
    await until(() => good().length >= 3, 5_000, 'telemetry of three good polls');
    expect(good()[0]?.at).toBe(cleared?.at);
    expect(Date.parse(cleared!.sentAt)).toBeGreaterThanOrEqual(Date.parse(good()[2]!.at));
    expect(con.deliveries.every((d) => d.condition === 'trunks')).toBe(true);
    expect(trunkEvents(con.deliveries)).toHaveLength(2);

    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
  });
});
