import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log.js';
import { createOutbox, type EventBody } from '../outbox/outbox.js';
import { openStateDb, type StateDb } from '../outbox/state-db.js';
import { createPublisher } from './publisher.js';
import { startTestBroker, startTestConsole, until } from './test-helpers/mqtt-peers.js';
import { realTimers } from './timers.js';

const SITE = 'acme-hq';
const BOOT = '6c4f3a52-8f7e-4b8e-9b1a-0d2f3c4e5a6b';
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function outbox() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbxw-pub-'));
  const db: StateDb = openStateDb(dir);
  cleanups.push(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    db,
    ob: createOutbox(
      db,
      { maxEvents: 10_000, maxTelemetry: 100, maxAge: 86_400_000 },
      { now: () => Date.now() },
    ),
  };
}
const event = (i: number): Omit<EventBody, 'id'> => ({
  kind: 'event',
  condition: 'stations',
  change: 'raised',
  priority: 'P2',
  at: new Date(1_700_000_000_000 + i).toISOString(),
  atUptimeMs: i,
  detectedAt: new Date(1_700_000_000_000 + i).toISOString(),
  summary: `event ${i}`,
  detail: {},
});
function publisher(
  url: string,
  ob: ReturnType<typeof outbox>['ob'],
  over: { window?: number; ackTimeout?: number } = {},
) {
  const t0 = performance.now();
  const p = createPublisher({
    siteId: SITE,
    bootId: BOOT,
    broker: { url, keepalive: 30_000 },
    outbox: ob,
    clock: { now: () => Date.now() },
    uptime: () => performance.now() - t0,
    timers: realTimers,
    log: silentLogger(),
    reconnect: { baseMs: 50, maxMs: 200 },
    ...over,
  });
  cleanups.push(() => p.stop(200));
  return p;
}

describe('publisher against a real aedes broker', () => {
  it('sends a backlog through a bounded window, deletes only on ack, retained birth', async () => {
    const broker = await startTestBroker();
    cleanups.push(() => broker.down());
    const console_ = await startTestConsole(broker.url(), SITE, { batch: 8 });
    cleanups.push(() => console_.close());
    const { ob } = outbox();
    const ids = Array.from({ length: 300 }, (_, i) => ob.addEvent(event(i)));
    const pub = publisher(broker.url(), ob, { window: 16 });
    pub.start();
    await until(() => ob.stats().pending === 0, 15_000, 'backlog acked');
    const s = pub.stats();
    expect(s.maxInflight).toBe(16); // the window was used, and never exceeded
    expect(new Set(console_.deliveries.map((d) => d.id))).toEqual(new Set(ids));
    // envelope: this boot, growing seq
    const seqs = console_.deliveries.map((d) => d.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(console_.deliveries.every((d) => d.bootId === BOOT && d.uptimeMs >= 0)).toBe(true);
    expect(JSON.parse(broker.retained.get(`pbxwatch/v1/sites/${SITE}/status`) ?? '{}')).toMatchObject({
      state: 'online',
    });
    await pub.stop(500);
    expect(JSON.parse(broker.retained.get(`pbxwatch/v1/sites/${SITE}/status`) ?? '{}')).toMatchObject({
      state: 'offline',
    });
  });

  it('without acks nothing leaves the outbox, and un-acked events are resent after the timeout', async () => {
    const broker = await startTestBroker();
    cleanups.push(() => broker.down());
    const console_ = await startTestConsole(broker.url(), SITE, { acking: false });
    cleanups.push(() => console_.close());
    const { ob } = outbox();
    const id = ob.addEvent(event(1));
    const pub = publisher(broker.url(), ob, { ackTimeout: 300 });
    pub.start();
    await until(() => console_.deliveries.length >= 2, 5000, 'resend');
    expect(console_.deliveries.every((d) => d.id === id)).toBe(true);
    expect(ob.stats().pending).toBe(1);
    expect(pub.stats().eventsResent).toBeGreaterThanOrEqual(1);
    console_.setAcking(true);
    await until(() => ob.stats().pending === 0, 5000, 'ack after resend');
  });

  it('broker down for the whole outage, then up: everything is delivered; malformed acks are counted', async () => {
    const broker = await startTestBroker();
    const port = broker.port;
    await broker.down();
    const { ob } = outbox();
    const pub = publisher(`mqtt://127.0.0.1:${port}`, ob);
    pub.start();
    const ids = [];
    for (let i = 0; i < 120; i++) ids.push(ob.addEvent(event(i)));
    pub.kick();
    pub.publishTelemetry({
      kind: 'telemetry',
      at: new Date().toISOString(),
      pbx: { vendor: 'ipoffice', snmp: true, sip: true },
    });
    await new Promise((r) => setTimeout(r, 300)); // a few failed reconnect attempts
    expect(pub.stats().connected).toBe(false);
    expect(ob.stats()).toMatchObject({ pending: 120, pendingTelemetry: 1 });
    await broker.up();
    cleanups.push(() => broker.down());
    const console_ = await startTestConsole(broker.url(), SITE, { batch: 10 });
    cleanups.push(() => console_.close());
    await until(() => ob.stats().pending === 0, 15_000, 'delivery after outage');
    expect(new Set(console_.deliveries.map((d) => d.id))).toEqual(new Set(ids));
    expect(ob.stats().pendingTelemetry).toBe(0);
    // a malformed ack never crashes the agent
    const mqtt = await import('mqtt');
    const rogue = await mqtt.default.connectAsync(broker.url());
    await rogue.publishAsync(`pbxwatch/v1/sites/${SITE}/acks`, '{"v":1,"kind":"ack","ids":["nope"]}');
    await rogue.publishAsync(`pbxwatch/v1/sites/${SITE}/acks`, 'not json');
    await until(() => pub.stats().invalidAcks === 2, 5000, 'invalid acks counted');
    await rogue.endAsync();
  });
});
