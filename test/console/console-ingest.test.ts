import { encodeMessage, type StatusMessage, siteTopic } from '@pbxwatch/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  api,
  type ConsoleFixture,
  connectAgent,
  type FakeAgent,
  makeEvent,
  publishEvent,
  publishHeartbeat,
  startConsole,
  until,
} from './console-fixture.js';

let f: ConsoleFixture;
let secret: string;
let otherSecret: string;
let agent: FakeAgent | undefined;

beforeEach(async () => {
  f = await startConsole();
  const s = f.app.services;
  const c = s.customers.create({ name: 'Acme' });
  secret = s.sites.create({
    id: 'acme-hq',
    name: 'Acme HQ',
    customerId: c.id,
    planKey: 'roi-priority',
    timeZone: 'America/Los_Angeles',
  }).mqttSecret;
  otherSecret = s.sites.create({ id: 'other', name: 'Other', timeZone: 'UTC' }).mqttSecret;
});
afterEach(async () => {
  await agent?.client.endAsync(true);
  agent = undefined;
  await f.close();
});

describe('ingest over a real broker', () => {
  it('writes an event, opens its ticket, then acks it; the ticket is on the API', async () => {
    agent = await connectAgent(f, 'acme-hq', secret);
    await publishHeartbeat(f, agent);
    const ev = makeEvent(f, agent, { condition: 'pbx-down', change: 'raised', priority: 'P1' });
    await publishEvent(agent, ev);
    await agent.waitForAck(ev.id);
    const r = await api(f, '/api/v1/tickets?state=open&priority=P1&site=acme-hq');
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(1);
    const t = r.body.items[0];
    expect(t).toMatchObject({
      siteId: 'acme-hq',
      condition: 'pbx-down',
      priority: 'P1',
      state: 'open',
      clearedAt: null,
      timeCorrected: false,
    });
    expect(t.detectedAt).toBe(ev.detectedAt);
    expect(t.sla.response).toMatchObject({
      state: 'running',
      dueAt: new Date(Date.parse(ev.detectedAt) + 3_600_000).toISOString(),
    });
    expect(t.sla.response.remainingSeconds).toBe(3600 - 5);
  });

  it('dedupes a redelivered event: one effect, acked twice', async () => {
    agent = await connectAgent(f, 'acme-hq', secret);
    const ev = makeEvent(f, agent, { condition: 'trunks', change: 'raised', priority: 'P2' });
    await publishEvent(agent, ev);
    await agent.waitForAck(ev.id);
    await publishEvent(agent, ev);
    await agent.waitForAck(ev.id, 2);
    const s = f.app.services;
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBe(1);
    expect(s.ticketRepo.select("condition = 'trunks'", {})).toHaveLength(1);
    expect(s.ticketRepo.timeline(s.ticketRepo.findLive('acme-hq', 'trunks')!.id).map((e) => e.type)).toEqual([
      'opened',
    ]);
    expect(s.metrics.value('pbxwatch_ingest_duplicates_total')).toBe(1);
  });

  it('rejects and counts bad messages, and keeps ingesting', async () => {
    agent = await connectAgent(f, 'acme-hq', secret);
    const topic = siteTopic('acme-hq', 'events');
    await agent.client.publishAsync(topic, '{not json', { qos: 1 });
    await agent.client.publishAsync(
      topic,
      JSON.stringify({
        ...makeEvent(f, agent, { condition: 'trunks', change: 'raised', priority: 'P9' as 'P1' }),
      }),
      { qos: 1 },
    );
    await agent.client.publishAsync(
      topic,
      JSON.stringify({
        ...makeEvent(f, agent, { condition: 'trunks', change: 'raised', priority: 'P1' }),
        siteId: 'other',
      }),
      { qos: 1 },
    );
    await agent.client.publishAsync(topic, 'x'.repeat(61 * 1024), { qos: 1 });
    // A site the console does not know (reachable through an external broker): fed to ingest directly.
    const ghost = makeEvent(f, agent, { condition: 'pbx-down', change: 'raised', priority: 'P1' });
    f.app.services.ingest.receive(
      siteTopic('ghost', 'events'),
      encodeMessage('events', { ...ghost, siteId: 'ghost' }),
    );
    const good = makeEvent(f, agent, { condition: 'sip-down', change: 'raised', priority: 'P2' });
    await publishEvent(agent, good);
    await agent.waitForAck(good.id);
    const m = f.app.services.metrics;
    const rej = (reason: string) => m.value('pbxwatch_ingest_rejected_total', { reason });
    expect([
      rej('not-json'),
      rej('invalid'),
      rej('wrong-site'),
      rej('too-large'),
      rej('unknown-site'),
    ]).toEqual([1, 1, 1, 1, 1]);
    expect(agent.acks.flat()).toEqual([good.id]);
    const metrics = await fetch(`${f.http}/metrics`).then((r) => r.text());
    expect(metrics).toContain('pbxwatch_ingest_rejected_total{reason="not-json"} 1');
    expect(metrics).toContain('pbxwatch_open_tickets{priority="P2"} 1');
    expect(metrics).toContain('pbxwatch_broker_');
  });

  it('corrects event times of an agent whose clock is hours wrong and marks the ticket', async () => {
    const skew = 3 * 3_600_000;
    agent = await connectAgent(f, 'acme-hq', secret, skew);
    for (let i = 0; i < 3; i++) {
      await publishHeartbeat(f, agent);
      const sent = f.clock.t;
      await until(() => f.app.services.sites.get('acme-hq').lastHeartbeatAt === sent, 'heartbeat stored');
      f.clock.t += 30_000;
      agent.uptimeMs += 30_000;
    }
    const ev = makeEvent(f, agent, {
      condition: 'pbx-down',
      change: 'raised',
      priority: 'P1',
      agoMs: 10_000,
    });
    await publishEvent(agent, ev);
    await agent.waitForAck(ev.id);
    const t = f.app.services.ticketRepo.findLive('acme-hq', 'pbx-down')!;
    expect(t.detectedAt).toBe(f.clock.t - 10_000);
    expect(t.timeCorrected).toBe(true);
    expect(t.clockOffsetMs).toBe(-skew);
    const r = await api(f, `/api/v1/tickets/${t.id}`);
    expect(r.body).toMatchObject({
      timeCorrected: true,
      clockOffsetMs: -skew,
      detectedAt: new Date(f.clock.t - 10_000).toISOString(),
    });
  });

  it('never accepts an event time in the future', async () => {
    agent = await connectAgent(f, 'acme-hq', secret, 600_000);
    // No heartbeat yet, and an event claiming to have happened after it was sent.
    const ev = {
      ...makeEvent(f, agent, { condition: 'sip-slow', change: 'raised', priority: 'P3', agoMs: -60_000 }),
    };
    ev.atUptimeMs = ev.uptimeMs + 1; // not in this boot's uptime: only the offset can correct it
    await publishEvent(agent, ev);
    await agent.waitForAck(ev.id);
    const t = f.app.services.ticketRepo.findLive('acme-hq', 'sip-slow')!;
    expect(t.detectedAt).toBeLessThanOrEqual(f.clock.t);
    expect(t.timeCorrected).toBe(true);
  });

  it('opens agent-offline on the will message and clears it when the agent is back', async () => {
    agent = await connectAgent(f, 'acme-hq', secret);
    await publishHeartbeat(f, agent);
    await until(() => f.app.services.sites.get('acme-hq').online, 'online');
    agent.client.stream.destroy(); // link lost: the broker publishes the will
    const s = f.app.services;
    const t = await until(() => s.ticketRepo.findLive('acme-hq', 'agent-offline'), 'agent-offline ticket');
    expect(t).toMatchObject({ priority: 'P2', state: 'open', detectedAt: f.clock.t });
    expect(s.sites.get('acme-hq').online).toBe(false);
    await agent.client.endAsync(true);
    f.clock.t += 120_000;
    agent = await connectAgent(f, 'acme-hq', secret);
    await publishHeartbeat(f, agent);
    const back = await until(
      () => s.ticketRepo.get(t.id)?.state === 'restored' && s.ticketRepo.get(t.id),
      'restored',
    );
    expect(back.clearedAt).toBe(f.clock.t);
  });

  it('opens agent-offline after three missed heartbeats', async () => {
    agent = await connectAgent(f, 'acme-hq', secret);
    const last = f.clock.t;
    await publishHeartbeat(f, agent, 30_000);
    const s = f.app.services;
    await until(() => s.sites.get('acme-hq').lastHeartbeatAt === last, 'heartbeat stored');
    f.clock.t += 90_000;
    expect(s.liveness.check()).toEqual([]); // exactly 3 intervals is not yet "missed three"
    f.clock.t += 1;
    expect(s.liveness.check()).toEqual(['acme-hq']);
    const t = s.ticketRepo.findLive('acme-hq', 'agent-offline')!;
    expect(t).toMatchObject({ priority: 'P2', detectedAt: last + 30_000 });
    await publishHeartbeat(f, agent, 30_000);
    await until(() => s.ticketRepo.get(t.id)?.state === 'restored', 'restored');
  });

  it('opens agent-offline for a site that came online but never sent a heartbeat', async () => {
    agent = await connectAgent(f, 'acme-hq', secret);
    const s = f.app.services;
    const online: StatusMessage = {
      v: 1,
      kind: 'status',
      siteId: 'acme-hq',
      bootId: agent.bootId,
      state: 'online',
      sentAt: new Date(f.clock.t).toISOString(),
    };
    const bornAt = f.clock.t;
    await agent.client.publishAsync(siteTopic('acme-hq', 'status'), encodeMessage('status', online), {
      qos: 1,
      retain: true,
    });
    await until(() => s.sites.get('acme-hq').online, 'online');
    expect(s.sites.get('acme-hq').lastHeartbeatAt).toBeNull();
    // Three of the agent's default 60 s intervals from its birth message, then one more ms.
    f.clock.t += 180_000;
    expect(s.liveness.check()).toEqual([]);
    f.clock.t += 1;
    expect(s.liveness.check()).toEqual(['acme-hq']);
    expect(s.ticketRepo.findLive('acme-hq', 'agent-offline')).toMatchObject({
      priority: 'P2',
      detectedAt: bornAt + 60_000,
    });
  });

  it('isolates a fault in one site: its event is not acked, the other site is unaffected', async () => {
    agent = await connectAgent(f, 'acme-hq', secret);
    const other = await connectAgent(f, 'other', otherSecret);
    let broken = true;
    f.app.services.tickets.addHook((_db, ctx) => {
      if (broken && ctx.site.id === 'other') throw new Error('disk says no');
    });
    const bad = makeEvent(f, other, { condition: 'pbx-down', change: 'raised', priority: 'P1' });
    const good = makeEvent(f, agent, { condition: 'pbx-down', change: 'raised', priority: 'P1' });
    // Fed in one batch so that both share a transaction.
    const ingest = f.app.services.ingest;
    ingest.receive(siteTopic('other', 'events'), encodeMessage('events', bad));
    ingest.receive(siteTopic('acme-hq', 'events'), encodeMessage('events', good));
    await agent.waitForAck(good.id);
    expect(f.app.services.metrics.value('pbxwatch_ingest_rejected_total', { reason: 'apply-failed' })).toBe(
      1,
    );
    expect(f.app.services.ticketRepo.findLive('other', 'pbx-down')).toBeNull();
    expect(
      (
        f.app.services.db.prepare('SELECT COUNT(*) AS n FROM events WHERE id = ?').get(bad.id) as {
          n: number;
        }
      ).n,
    ).toBe(0);
    broken = false;
    await publishEvent(other, bad); // the agent resends what was never acked
    await other.waitForAck(bad.id);
    expect(other.acks.flat()).toEqual([bad.id]);
    expect(f.app.services.ticketRepo.findLive('other', 'pbx-down')).not.toBeNull();
    await other.client.endAsync(true);
  });
});
