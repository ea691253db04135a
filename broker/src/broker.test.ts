import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PbxwatchBroker } from './broker.js';
import { renderPrometheus } from './metrics/broker-metrics.js';
import {
  closed,
  collect,
  connect,
  MemoryStore,
  manualClock,
  startBroker,
  subackCodes,
  until,
} from './test-helpers/broker-fixture.js';

const T = (site: string, ch: string) => `pbxwatch/v1/sites/${site}/${ch}`;

describe('broker: authentication, ACL and limits over real TCP', () => {
  let store: MemoryStore;
  let broker: PbxwatchBroker;
  let url: string;
  let secrets: Record<string, string>;
  let clients: MqttClient[];
  let delays: number[];
  const clock = manualClock();

  const open = async (username: string, opts: Record<string, unknown> = {}) => {
    const c = await connect(url, {
      username,
      password: secrets[username],
      clientId: `${username}-${clients.length}`,
      ...opts,
    });
    clients.push(c);
    return c;
  };
  /** A console subscribed to every site's events and statuses, plus a barrier through site-b. */
  const consoleWatching = async () => {
    const con = await open('console');
    await con.subscribeAsync([T('+', 'events'), T('+', 'status')], { qos: 1 });
    return { con, got: collect(con) };
  };
  const barrier = async (got: { topic: string }[]) => {
    const b = await open('site-b');
    await b.publishAsync(T('site-b', 'events'), 'barrier', { qos: 1 });
    await until(() => got.some((m) => m.topic === T('site-b', 'events')));
  };

  beforeEach(async () => {
    store = new MemoryStore();
    secrets = {
      'site-a': await store.add('site-a'),
      'site-b': await store.add('site-b'),
      console: await store.add('console', 'console'),
    };
    clients = [];
    delays = [];
    ({ broker, url } = await startBroker(store, {
      clock,
      delay: async (ms) => void delays.push(ms),
      limits: { publishRate: { perSecond: 1, burst: 20 } },
    }));
  });
  afterEach(async () => {
    for (const c of clients) c.end(true);
    await broker.stop();
  });

  it('refuses a wrong secret and an unknown site, slowing repeated failures down', async () => {
    await expect(connect(url, { username: 'site-a', password: secrets['site-b'] })).rejects.toMatchObject({
      code: 4,
    });
    await expect(connect(url, { username: 'nowhere', password: 'x'.repeat(43) })).rejects.toMatchObject({
      code: 4,
    });
    await expect(connect(url, { username: 'site-a' })).rejects.toMatchObject({ code: 4 });
    expect(delays).toEqual([250, 500, 1000]);
    expect(broker.metrics().authFailures).toBe(3);
    const ok = await open('site-a');
    expect(ok.connected).toBe(true);
  });

  it('delivers a site publish on its own topic to the console, and acks back to the site only', async () => {
    const { con, got } = await consoleWatching();
    const a = await open('site-a');
    const b = await open('site-b');
    const aGot = collect(a);
    const bGot = collect(b);
    await a.subscribeAsync(T('site-a', 'acks'), { qos: 1 });
    await b.subscribeAsync(T('site-b', 'acks'), { qos: 1 });
    await a.publishAsync(T('site-a', 'events'), 'e1', { qos: 1 });
    await until(() => got.length === 1);
    expect(got[0]).toEqual({ topic: T('site-a', 'events'), payload: 'e1' });
    await con.publishAsync(T('site-a', 'acks'), 'ack1', { qos: 1 });
    await until(() => aGot.length === 1);
    await con.publishAsync(T('site-b', 'acks'), 'ack2', { qos: 1 });
    await until(() => bGot.length === 1);
    expect(aGot.map((m) => m.payload)).toEqual(['ack1']);
    expect(broker.metrics()).toMatchObject({ messagesIn: 3, messagesOut: 3, connectedClients: 3 });
  });

  it('refuses a publish to another site, which the console never receives', async () => {
    const { got } = await consoleWatching();
    const a = await open('site-a');
    const gone = closed(a);
    a.publish(T('site-b', 'events'), 'forged', { qos: 1 });
    await gone;
    await barrier(got);
    expect(got.map((m) => m.payload)).toEqual(['barrier']);
    expect(broker.metrics().refused.publish).toEqual({ acl: 1 });
  });

  it('refuses a site publishing acks, or to $SYS, or outside the tree', async () => {
    for (const topic of [T('site-a', 'acks'), '$SYS/x', 'other/topic', T('site-a', 'events/extra')]) {
      const a = await open('site-a');
      const gone = closed(a);
      a.publish(topic, 'x', { qos: 0 });
      await gone;
    }
    expect(broker.metrics().refused.publish).toEqual({ acl: 4 });
  });

  it('refuses a wildcard publish ([MQTT-3.3.2-2]) while others are served', async () => {
    const { got } = await consoleWatching();
    const a = await open('site-a');
    const gone = closed(a);
    a.publish('pbxwatch/v1/sites/+/events', 'wild', { qos: 1 });
    await gone;
    await barrier(got);
    expect(got.map((m) => m.payload)).toEqual(['barrier']);
    expect(broker.metrics().refused.publish).toEqual({ 'invalid-topic': 1 });
  });

  it('refuses a site subscribing to # or to another site (SUBACK 0x80) and delivers it nothing', async () => {
    const a = await open('site-a');
    const aGot = collect(a);
    const granted = await subackCodes(a, ['#', T('site-b', 'acks'), T('+', 'events'), T('site-a', 'acks')]);
    expect(granted).toEqual([128, 128, 128, 1]);
    const con = await open('console');
    await con.publishAsync(T('site-b', 'acks'), 'for-b', { qos: 1 });
    const b = await open('site-b');
    await b.publishAsync(T('site-b', 'events'), 'b-event', { qos: 1 });
    await con.publishAsync(T('site-a', 'acks'), 'for-a', { qos: 1 });
    await until(() => aGot.length >= 1);
    expect(aGot.map((m) => m.payload)).toEqual(['for-a']);
    expect(a.connected).toBe(true);
    expect(broker.metrics().refused.subscribe).toEqual({ acl: 3 });
  });

  it('refuses the console subscribing outside the tree or to $SYS', async () => {
    const con = await open('console');
    const granted = await subackCodes(con, ['#', '$SYS/#', 'pbxwatch/v1/sites/#', T('+', 'nope')]);
    expect(granted).toEqual([128, 128, 1, 128]);
  });

  it('refuses a connection whose will names a foreign topic, and accepts its own status as will', async () => {
    const will = {
      topic: T('site-b', 'status'),
      payload: Buffer.from('offline'),
      qos: 1 as const,
      retain: true,
    };
    await expect(
      connect(url, { username: 'site-a', password: secrets['site-a'], will }),
    ).rejects.toMatchObject({ code: 5 });
    expect(broker.metrics().refused.connect).toEqual({ 'will-acl': 1 });
    const { got } = await consoleWatching();
    const a = await open('site-a', { will: { ...will, topic: T('site-a', 'status') } });
    (a as unknown as { stream: { destroy(): void } }).stream.destroy(); // die without DISCONNECT
    await until(() => got.some((m) => m.topic === T('site-a', 'status')));
  });

  it('disconnects a revoked site at once and refuses it afterwards', async () => {
    const a = await open('site-a');
    const gone = closed(a);
    store.map.delete('site-a');
    expect(broker.disconnectUser('site-a')).toBe(1);
    await gone;
    await expect(connect(url, { username: 'site-a', password: secrets['site-a'] })).rejects.toMatchObject({
      code: 4,
    });
  });

  it('refuses a client id owned by another site, but lets the same site take its session over', async () => {
    await open('site-a', { clientId: 'shared-id' });
    await expect(
      connect(url, { username: 'site-b', password: secrets['site-b'], clientId: 'shared-id' }),
    ).rejects.toMatchObject({
      code: 2,
    });
    const again = await open('site-a', { clientId: 'shared-id' });
    expect(again.connected).toBe(true);
  });

  it('closes an oversized packet and a too-deep topic while serving others', async () => {
    const { got } = await consoleWatching();
    const a = await open('site-a');
    let gone = closed(a);
    a.publish(T('site-a', 'events'), Buffer.alloc(70 * 1024, 1), { qos: 1 });
    await gone;
    const a2 = await open('site-a');
    gone = closed(a2);
    a2.publish('pbxwatch/v1/sites/site-a/events/1/2/3/4', 'deep', { qos: 1 });
    await gone;
    await barrier(got);
    expect(got.map((m) => m.payload)).toEqual(['barrier']);
    expect(broker.metrics().refused).toMatchObject({
      packet: { 'too-large': 1 },
      publish: { 'topic-levels': 1 },
    });
  });

  it('disconnects a site over its publish rate; the bucket refills with time', async () => {
    const a = await open('site-a');
    for (let i = 0; i < 20; i++) await a.publishAsync(T('site-a', 'telemetry'), `${i}`, { qos: 1 });
    const gone = closed(a);
    a.publish(T('site-a', 'telemetry'), 'one too many', { qos: 1 });
    await gone;
    expect(broker.metrics().refused.publish).toEqual({ 'rate-limit': 1 });
    clock.advance(5000);
    const a2 = await open('site-a');
    for (let i = 0; i < 5; i++) await a2.publishAsync(T('site-a', 'telemetry'), `${i}`, { qos: 1 });
    expect(a2.connected).toBe(true);
  });

  it('renders its metrics for Prometheus', async () => {
    await expect(connect(url, { username: 'nowhere', password: 'x' })).rejects.toThrow();
    const text = renderPrometheus(broker.metrics());
    expect(text).toContain('pbxwatch_broker_auth_failures_total 1');
    expect(text).toContain('pbxwatch_broker_refused_total{action="connect",reason="bad-credentials"} 1');
    expect(text).toMatch(
      /# TYPE pbxwatch_broker_connected_clients gauge\npbxwatch_broker_connected_clients 0/,
    );
  });
});
