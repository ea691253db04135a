/**
 * Simulated agents for `console-ingest.bench.ts`, in their own thread (as real agents are on their
 * own machines), so that the process under test is not also busy being 50 MQTT clients.
 * Receives `{ url, sites: [{ id, secret? }], perSite, mode }`, replies `{ ready }`, then on `go`
 * publishes every event at QoS 1 and replies `{ done, seconds }` when every event is acked (mode
 * `console`) or published and PUBACKed (mode `raw`; the main thread counts deliveries).
 */
import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { type Condition, type EventMessage, encodeMessage, siteTopic } from '@pbxwatch/core';
import mqtt, { type MqttClient } from 'mqtt';

interface Job {
  url: string;
  sites: { id: string; secret?: string }[];
  perSite: number;
  mode: 'console' | 'raw';
}
const job = workerData as Job;
const CONDS: Condition[] = ['pbx-down', 'trunks', 'sip-slow', 'snmp-down'];

function events(siteId: string): string[] {
  const bootId = randomUUID();
  const t0 = Date.now();
  const out: string[] = [];
  for (let i = 0; i < job.perSite; i++) {
    const condition = CONDS[i % CONDS.length] as Condition;
    const raised = Math.floor(i / CONDS.length) % 2 === 0;
    const at = new Date(t0 - 60_000 + i).toISOString();
    const ev: EventMessage = {
      v: 1,
      kind: 'event',
      id: randomUUID(),
      siteId,
      bootId,
      seq: i,
      sentAt: new Date(t0).toISOString(),
      uptimeMs: 1_000_000,
      condition,
      change: raised ? 'raised' : 'cleared',
      priority: condition === 'pbx-down' ? 'P1' : condition === 'trunks' ? 'P2' : 'P3',
      at,
      atUptimeMs: 1_000_000 - 60_000 + i,
      detectedAt: at,
      summary: `${condition} ${raised ? 'raised' : 'cleared'}`,
      detail: { i },
    };
    out.push(encodeMessage('events', ev));
  }
  return out;
}

const agents: { client: MqttClient; topic: string; payloads: string[]; acked: Set<string> }[] = [];
for (const s of job.sites) {
  const client = await mqtt.connectAsync(job.url, {
    username: s.secret ? s.id : undefined,
    password: s.secret,
    clientId: `bench-${s.id}`,
    reconnectPeriod: 0,
  });
  const acked = new Set<string>();
  if (job.mode === 'console') {
    client.on('message', (_t, p) => {
      for (const x of JSON.parse(p.toString()).ids as string[]) acked.add(x);
    });
    await client.subscribeAsync(siteTopic(s.id, 'acks'), { qos: 1 });
  }
  agents.push({ client, topic: siteTopic(s.id, 'events'), payloads: events(s.id), acked });
}
parentPort!.postMessage({ ready: true });
parentPort!.once('message', async () => {
  const started = performance.now();
  const pubacks: Promise<unknown>[] = [];
  for (const a of agents)
    for (const p of a.payloads) pubacks.push(a.client.publishAsync(a.topic, p, { qos: 1 }));
  if (job.mode === 'raw') await Promise.all(pubacks);
  else {
    await new Promise<void>((resolve) => {
      const check = () =>
        agents.every((a) => a.acked.size >= job.perSite) ? resolve() : setTimeout(check, 5);
      check();
    });
  }
  const seconds = (performance.now() - started) / 1000;
  for (const a of agents) await a.client.endAsync();
  parentPort!.postMessage({ done: true, seconds });
});
