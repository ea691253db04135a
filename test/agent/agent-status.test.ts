/**
 * `pbxwatch-agent status` beside the built agent as a process (PBX simulator, aedes): it reads the
 * daemon's state database while the daemon writes it, counts the events the console has not
 * acknowledged, and says so when the daemon has stopped polling.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestConsole, until } from '../../agent/src/publish/test-helpers/mqtt-peers.js';
import { agentRig, buildAgent, runAgentCli, SITE, spawnAgent } from './agent-fixtures.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
beforeAll(() => buildAgent());

/** Runs `status` until `ok` accepts its result (each run is a fresh process reading the state). */
async function statusUntil(
  config: string,
  ok: (r: { code: number; out: string }) => boolean,
  what: string,
): Promise<{ code: number; out: string }> {
  const t0 = Date.now();
  for (;;) {
    const r = await status(config);
    if (ok(r)) return r;
    if (Date.now() - t0 > 15_000) throw new Error(`timed out waiting for ${what}; last status:\n${r.out}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

const status = (config: string) => runAgentCli(['status', '--config', config]);

describe('pbxwatch-agent status', () => {
  it('follows the running daemon: polls, events awaiting the ack, raised conditions, then a daemon that died', async () => {
    const { pbx, broker, config } = await agentRig(cleanups, 'pbxw-status-');

    const before = await status(config);
    expect(before.out).toMatch(/no state in .*: the agent has not run here yet/);
    expect(before.code).toBe(3);

    // A console that receives but never acknowledges: the events stay in the outbox.
    const con = await startTestConsole(broker.url(), SITE, { acking: false });
    cleanups.push(() => con.close());
    const agent = spawnAgent(config);
    cleanups.push(() => agent.kill());
    await agent.waitLog('connected to broker');
    const healthy = await statusUntil(
      config,
      (r) => /\d+ of \d+ stations connected/.test(r.out),
      'a noted poll',
    );
    expect(healthy.out).toMatch(
      /last poll \d+ m?s ago, at \S+ \(every 200 ms\): SNMP answered, SIP answered/,
    );
    expect(healthy.out).toContain('agent started 1 time(s) on this gateway');
    expect(healthy.out).toMatch(/All well\.\n$/);
    expect(healthy.code).toBe(0);

    pbx.setStationsDown({ ratio: 0.8 });
    await until(() => con.deliveries.some((d) => d.condition === 'stations'), 15_000, 'stations raised');
    const raised = await status(config);
    expect(raised.out).toMatch(
      /events awaiting the console's ack: [1-9]\d* \(oldest queued \d+ m?s ago\); no ack received yet/,
    );
    expect(raised.out).toMatch(/Conditions raised now\n {2}P1 stations since \S+/);

    await agent.kill('SIGKILL');
    const dead = await statusUntil(config, (r) => r.code === 3, 'status noticing the dead daemon');
    expect(dead.out).toMatch(
      /Needs a look:\n {2}- no poll for \d+ m?s \(expected every 200 ms\): is the service running\?/,
    );
  });
});
