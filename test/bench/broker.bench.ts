/**
 * QoS 1 throughput through the pbxwatch broker (scrypt auth + topic ACL + rate limit + frame guard)
 * against plain aedes with no hooks, side by side in one run: same machine, same clients, same
 * message count. Goal: ours ≥ 90% of plain aedes.
 *
 * @example
 * npx tsx test/bench/broker.bench.ts
 */
import { createServer, type Server } from 'node:net';
import { type Credential, createBroker, generateSecret, hashSecret } from '@pbxwatch/broker';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';

const SITES = 10;
const PER_SITE = 4000;
const ROUNDS = 3;
const PAYLOAD = Buffer.from(JSON.stringify({ v: 1, kind: 'telemetry', pad: 'x'.repeat(300) }));

interface Target {
  url: string;
  creds: (site: string) => { username?: string; password?: string };
  stop(): Promise<void>;
}

async function ours(): Promise<Target> {
  const creds = new Map<string, Credential>();
  const secrets = new Map<string, string>();
  for (const user of [...Array.from({ length: SITES }, (_, i) => `site-${i}`), 'console']) {
    const secret = generateSecret();
    secrets.set(user, secret);
    const hash = await hashSecret(secret); // production cost; only paid at CONNECT
    creds.set(user, user === 'console' ? { hash, role: 'console' } : { hash, role: 'site', siteId: user });
  }
  const broker = createBroker({
    credentials: { get: (u) => creds.get(u) },
    listeners: [{ protocol: 'tcp', host: '127.0.0.1', port: 0 }],
    logger: pino({ level: 'silent' }),
    // the bucket is still consulted on every publish; it is only set wide enough not to trip
    limits: { publishRate: { perSecond: 1e9, burst: 1e9 } },
  });
  const { ports } = await broker.start();
  return {
    url: `mqtt://127.0.0.1:${ports[0]}`,
    creds: (u) => ({ username: u, password: secrets.get(u) }),
    stop: () => broker.stop(),
  };
}

async function plain(): Promise<Target> {
  const aedes = await Aedes.createBroker();
  const server: Server = createServer(aedes.handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `mqtt://127.0.0.1:${(server.address() as { port: number }).port}`,
    creds: () => ({}),
    stop: async () => {
      await new Promise<void>((r) => aedes.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function connect(url: string, opts: mqtt.IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0, ...opts });
    c.once('connect', () => resolve(c));
    c.once('error', reject);
  });
}

/** Messages per second delivered to the console subscriber. */
async function measure(t: Target): Promise<number> {
  const con = await connect(t.url, t.creds('console'));
  await con.subscribeAsync('pbxwatch/v1/sites/+/telemetry', { qos: 1 });
  const sites = await Promise.all(
    Array.from({ length: SITES }, (_, i) => connect(t.url, t.creds(`site-${i}`))),
  );
  const total = SITES * PER_SITE;
  let received = 0;
  const done = new Promise<void>((resolve) =>
    con.on('message', () => {
      if (++received === total) resolve();
    }),
  );
  const started = performance.now();
  await Promise.all(
    sites.map((c, i) =>
      Promise.all(
        Array.from({ length: PER_SITE }, () =>
          c.publishAsync(`pbxwatch/v1/sites/site-${i}/telemetry`, PAYLOAD, { qos: 1 }),
        ),
      ),
    ),
  );
  await done;
  const rate = total / ((performance.now() - started) / 1000);
  for (const c of [con, ...sites]) c.end(true);
  await t.stop();
  return rate;
}

const results = { ours: [] as number[], plain: [] as number[] };
// alternate, so drift of the shared machine hits both alike
for (let r = 0; r < ROUNDS; r++) {
  results.plain.push(await measure(await plain()));
  results.ours.push(await measure(await ours()));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const o = median(results.ours);
const p = median(results.plain);
console.log(
  `QoS 1 throughput, ${SITES} publishing sites x ${PER_SITE} msgs (${PAYLOAD.length} B) -> 1 console subscriber, median of ${ROUNDS}`,
);
console.log(
  `  plain aedes, no hooks : ${p.toFixed(0)} msg/s   (runs: ${results.plain.map((x) => x.toFixed(0)).join(', ')})`,
);
console.log(
  `  pbxwatch broker       : ${o.toFixed(0)} msg/s   (runs: ${results.ours.map((x) => x.toFixed(0)).join(', ')})`,
);
console.log(`  ratio                 : ${((o / p) * 100).toFixed(1)}% (goal >= 90%)`);
