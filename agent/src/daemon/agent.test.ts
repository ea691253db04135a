import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import { silentLogger } from '../log.js';
import type { SnmpPollResult, TrapNotice } from '../poll/types.js';
import { startTestBroker, startTestConsole, until } from '../publish/test-helpers/mqtt-peers.js';
import { realTimers } from '../publish/timers.js';
import { createAgent } from './agent.js';
import type { Watchers } from './watchers.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Fake watchers: SNMP polls that take `delayMs` (or hang), a SIP peer that answers, a trap hook. */
function fakes() {
  let active = 0;
  let maxActive = 0;
  let polls = 0;
  let hang = false;
  let fireTrap: ((t: TrapNotice) => void) | null = null;
  const w: Watchers = {
    snmp: {
      start() {},
      stop() {},
      async poll(): Promise<SnmpPollResult> {
        polls++;
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, hang ? 60_000 : 30).unref());
        active--;
        return { answered: true, vendor: 'ipoffice', sysUpTimeS: 100 + polls, durationMs: 30, stations: [] };
      },
    },
    sip: {
      async start() {},
      async stop() {},
      async probe() {
        return { alive: true, status: 200, rttMs: 5, transport: 'udp' };
      },
    },
    traps: (onTrap) => {
      fireTrap = onTrap;
      return { start: async () => 1620, stop: async () => {} };
    },
  };
  return {
    w,
    stats: () => ({ polls, maxActive, active }),
    hang: () => {
      hang = true;
    },
    trap: (kind: TrapNotice['kind']) =>
      fireTrap?.({ receivedAt: Date.now(), from: '127.0.0.1', trapOid: '1.3.6', kind, varbinds: [] }),
  };
}

async function setup(interval: string, extra: Partial<Parameters<typeof createAgent>[0]> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbxw-daemon-'));
  const broker = await startTestBroker();
  cleanups.push(() => broker.down());
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cfg = parseConfig(
    `site: { id: acme-hq }
broker: { url: "${broker.url()}" }
pbx: { vendor: ipoffice, host: 127.0.0.1, snmp: { version: 2c, community: public }, sip: { uri: "sip:127.0.0.1:5060" } }
poll: { interval: ${interval} }
heartbeat: { interval: 100ms }
stateDir: ${dir}/state
`,
    't.yaml',
    { env: {}, readFile: () => '' },
  );
  const f = fakes();
  const t0 = performance.now();
  const agent = createAgent({
    config: cfg,
    watchers: f.w,
    clock: { now: () => Date.now() },
    uptime: () => performance.now() - t0,
    timers: realTimers,
    log: silentLogger(),
    agentVersion: 'test',
    stopGraceMs: 200,
    ...extra,
  });
  cleanups.push(() => agent.stop());
  return { agent, f, broker, dir };
}

describe('agent daemon (fake watchers, real broker and SQLite)', () => {
  it('collects garbage once after each poll when given a collector', async () => {
    let collections = 0;
    const { agent } = await setup('1h', { collectGarbage: () => collections++ });
    await agent.start();
    await until(() => agent.stats().polls === 1 && collections === 1, 5000, 'first poll and its collection');
    await agent.pollNow();
    await until(() => collections === 2, 5000, 'second collection');
    expect(agent.stats().polls).toBe(2);
  });

  it('polls never overlap, a trap polls at once, and a restart trap becomes a P4 raised+cleared', async () => {
    const { agent, f, broker } = await setup('1h');
    const con = await startTestConsole(broker.url(), 'acme-hq');
    cleanups.push(() => con.close());
    await agent.start();
    await until(() => agent.stats().polls === 1, 5000, 'first poll');
    // With a 1 h interval only traps can cause polls; a burst of them never runs polls side by side.
    for (let i = 0; i < 5; i++) f.trap('trunk-change');
    f.trap('cold-start');
    await until(() => agent.stats().polls >= 2 && agent.stats().trapsReceived === 6, 5000, 'trap polls');
    await new Promise((r) => setTimeout(r, 150));
    expect(f.stats().maxActive).toBe(1);
    // six traps while polling coalesce into one follow-up poll
    expect(agent.stats().polls).toBeLessThanOrEqual(3);
    await until(
      () => con.deliveries.filter((d) => d.condition === 'pbx-restarted').length === 2,
      5000,
      'restart event',
    );
    expect(con.deliveries.map((d) => [d.condition, d.change, d.priority])).toEqual([
      ['pbx-restarted', 'raised', 'P4'],
      ['pbx-restarted', 'cleared', 'P4'],
    ]);
  });

  it('heartbeats carry the outbox counters; a hung PBX does not block stop()', async () => {
    const { agent, f, broker } = await setup('100ms');
    const mqtt = (await import('mqtt')).default;
    const hb: unknown[] = [];
    const c = await mqtt.connectAsync(broker.url());
    cleanups.push(() => c.endAsync(true));
    await c.subscribeAsync('pbxwatch/v1/sites/acme-hq/heartbeat');
    c.on('message', (_t, p) => hb.push(JSON.parse(p.toString())));
    await agent.start();
    await until(() => hb.length > 0, 5000, 'heartbeat');
    expect(hb[0]).toMatchObject({
      kind: 'heartbeat',
      intervalMs: 100,
      outbox: { pending: 0, droppedTelemetry: 0, droppedEvents: 0 },
    });
    f.hang();
    await new Promise((r) => setTimeout(r, 150)); // a poll is now stuck for 60 s
    expect(f.stats().active).toBe(1);
    // stop() returns while the PBX poll is still hanging (it would take 60 s, beyond the test timeout)
    await agent.stop();
    expect(f.stats().active).toBe(1);
  });
});
