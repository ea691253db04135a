import net from 'node:net';
import { decodeMessage, type EventMessage, encodeMessage, siteTopic } from '@pbxwatch/core/protocol';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';

/** A real aedes broker over TCP on 127.0.0.1 that can go down and come back on the same port. */
export async function startTestBroker(port = 0) {
  let aedes: Aedes | null = null;
  let server: net.Server | null = null;
  let bound = port;
  const retained = new Map<string, string>();
  const up = async () => {
    aedes = await Aedes.createBroker();
    aedes.on('publish', (p) => {
      if (p.retain) retained.set(p.topic, p.payload.toString());
    });
    const s = net.createServer(aedes.handle);
    server = s;
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(bound, '127.0.0.1', () => resolve());
    });
    bound = (s.address() as net.AddressInfo).port;
  };
  const down = async () => {
    const s = server;
    const a = aedes;
    server = null;
    aedes = null;
    if (s) {
      s.close();
      (s as net.Server & { closeAllConnections?: () => void }).closeAllConnections?.();
    }
    if (a) await new Promise<void>((r) => a.close(() => r()));
  };
  await up();
  return {
    get port() {
      return bound;
    },
    url: () => `mqtt://127.0.0.1:${bound}`,
    retained,
    up,
    down,
  };
}

/**
 * A test "console": subscribes to a site's events, records every delivery and acks each event id
 * (when `acking`), as the real console does after its transaction.
 */
export async function startTestConsole(
  url: string,
  siteId: string,
  opts: { acking?: boolean; batch?: number } = {},
) {
  const deliveries: EventMessage[] = [];
  const acked = new Map<string, number>();
  let acking = opts.acking ?? true;
  const client: MqttClient = mqtt.connect(url, {
    clientId: `console-${Math.random()}`,
    reconnectPeriod: 200,
  });
  const pendingAck: string[] = [];
  const flush = () => {
    if (pendingAck.length === 0) return;
    const ids = pendingAck.splice(0, 1000);
    for (const id of ids) acked.set(id, (acked.get(id) ?? 0) + 1);
    client.publish(siteTopic(siteId, 'acks'), encodeMessage('acks', { v: 1, kind: 'ack', ids }), { qos: 1 });
  };
  client.on('message', (topic, payload) => {
    if (topic !== siteTopic(siteId, 'events')) return;
    const r = decodeMessage('events', payload, siteId);
    if (!r.ok) throw new Error(`console got a bad event: ${r.error}`);
    deliveries.push(r.message);
    if (acking) {
      pendingAck.push(r.message.id);
      if (pendingAck.length >= (opts.batch ?? 1)) flush();
    }
  });
  // A partial batch is acked after a short pause, as a console batching its transactions would.
  const flusher = setInterval(() => flush(), 50);
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  client.on('connect', () => client.subscribe(siteTopic(siteId, 'events'), { qos: 1 }));
  await client.subscribeAsync(siteTopic(siteId, 'events'), { qos: 1 });
  return {
    deliveries,
    acked,
    uniqueIds: () => new Set(deliveries.map((d) => d.id)),
    setAcking(v: boolean) {
      acking = v;
    },
    flush,
    close: () => {
      clearInterval(flusher);
      return client.endAsync(true);
    },
  };
}

/** Resolves when `pred` holds, polling every 20 ms (real protocol time), or rejects after `ms`. */
export async function until(pred: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
