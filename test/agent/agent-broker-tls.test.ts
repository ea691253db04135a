/**
 * The agent's broker connection (agent/src/publish/broker-connection.ts builds its own TCP or TLS
 * socket under mqtt.js's client) against the pbxwatch broker's TLS listeners, with a throw-away
 * PKI made by openssl: the server certificate is checked against the configured CA, by name or by
 * address, and a client certificate reaches the broker's CN check.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectBroker } from '../../agent/src/publish/broker-connection.js';
import { createBroker, type PbxwatchBroker } from '../../broker/src/broker.js';
import { MemoryStore } from '../../broker/src/test-helpers/broker-fixture.js';
import { makeTestPki, type TestPki } from '../../broker/src/test-helpers/test-pki.js';

let dir: string;
let pki: TestPki;
let broker: PbxwatchBroker;
let secret: string;
let tlsPort: number;
let mtlsPort: number;
const clients: MqttClient[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbxw-agent-tls-'));
  pki = await makeTestPki(dir);
  const store = new MemoryStore();
  secret = await store.add('acme-hq');
  const tls = { certFile: pki.serverCert, keyFile: pki.serverKey, caFile: pki.caCert };
  broker = createBroker({
    credentials: store,
    listeners: [
      { protocol: 'tls', host: '127.0.0.1', port: 0, tls },
      { protocol: 'tls', host: '127.0.0.1', port: 0, tls: { ...tls, requireClientCert: true } },
    ],
    logger: pino({ level: 'silent' }),
  });
  [tlsPort, mtlsPort] = (await broker.start()).ports as [number, number];
});
afterEach(() => {
  for (const c of clients.splice(0)) c.end(true);
});
afterAll(async () => {
  await broker.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Connects and resolves 'connected' or the first error's message. */
function attempt(url: string, opts: Parameters<typeof connectBroker>[1]): Promise<string> {
  const c = connectBroker(url, { reconnectPeriod: 0, connectTimeout: 5000, ...opts });
  clients.push(c);
  return new Promise((resolve) => {
    c.once('connect', () => resolve('connected'));
    c.once('error', (e) => resolve(e.message));
  });
}

const auth = () => ({ username: 'acme-hq', password: secret, clientId: `t-${Math.random()}` });

describe('connectBroker over TLS', () => {
  it('connects to mqtts://localhost and mqtts://127.0.0.1 when the CA is given, and publishes', async () => {
    const ca = readFileSync(pki.caCert);
    expect(await attempt(`mqtts://localhost:${tlsPort}`, { ...auth(), ca })).toBe('connected');
    expect(await attempt(`mqtts://127.0.0.1:${tlsPort}`, { ...auth(), ca })).toBe('connected');
    await clients[1]!.publishAsync('pbxwatch/v1/sites/acme-hq/heartbeat', '{}', { qos: 1 });
  });

  it('refuses a server certificate from an unknown CA unless told not to verify', async () => {
    expect(await attempt(`mqtts://localhost:${tlsPort}`, auth())).toMatch(/self[- ]signed|unable to verify/i);
    expect(await attempt(`mqtts://localhost:${tlsPort}`, { ...auth(), rejectUnauthorized: false })).toBe(
      'connected',
    );
  });

  it('presents a client certificate, whose CN must be the site', async () => {
    const ca = readFileSync(pki.caCert);
    const good = await pki.client('acme-hq');
    expect(
      await attempt(`mqtts://localhost:${mtlsPort}`, {
        ...auth(),
        ca,
        cert: readFileSync(good.cert),
        key: readFileSync(good.key),
      }),
    ).toBe('connected');
    const other = await pki.client('someone-else');
    expect(
      await attempt(`mqtts://localhost:${mtlsPort}`, {
        ...auth(),
        ca,
        cert: readFileSync(other.cert),
        key: readFileSync(other.key),
      }),
    ).not.toBe('connected');
  });
});
