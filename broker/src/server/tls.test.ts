import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBroker, type PbxwatchBroker } from '../broker.js';
import { connect, MemoryStore } from '../test-helpers/broker-fixture.js';
import { makeTestPki, type TestPki } from '../test-helpers/test-pki.js';

describe('TLS listeners', () => {
  let dir: string;
  let pki: TestPki;
  let broker: PbxwatchBroker;
  let store: MemoryStore;
  let secret: string;
  let secretB: string;
  let tlsPort: number;
  let mtlsPort: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pbxw-tls-'));
    pki = await makeTestPki(dir);
    store = new MemoryStore();
    secret = await store.add('site-a');
    secretB = await store.add('site-b');
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
  afterAll(async () => {
    await broker.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const ca = () => readFileSync(pki.caCert);

  it('accepts a site over server-authenticated TLS', async () => {
    const c = await connect(`mqtts://127.0.0.1:${tlsPort}`, {
      username: 'site-a',
      password: secret,
      ca: ca(),
    });
    await c.publishAsync('pbxwatch/v1/sites/site-a/heartbeat', '{}', { qos: 1 });
    c.end(true);
  });

  it('with client certificates, accepts a CN equal to the username and refuses any other', async () => {
    const a = await pki.client('site-a');
    const ok = await connect(`mqtts://127.0.0.1:${mtlsPort}`, {
      username: 'site-a',
      password: secret,
      ca: ca(),
      cert: readFileSync(a.cert),
      key: readFileSync(a.key),
    });
    ok.end(true);
    // site-b's valid secret with site-a's certificate: refused, not authorized
    await expect(
      connect(`mqtts://127.0.0.1:${mtlsPort}`, {
        username: 'site-b',
        password: secretB,
        ca: ca(),
        cert: readFileSync(a.cert),
        key: readFileSync(a.key),
      }),
    ).rejects.toMatchObject({ code: 5 });
    expect(broker.metrics().refused.connect['cert-cn']).toBe(1);
  });

  it('with client certificates, refuses a handshake without one', async () => {
    const err = await connect(`mqtts://127.0.0.1:${mtlsPort}`, {
      username: 'site-a',
      password: secret,
      ca: ca(),
    }).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String(err.message)).toMatch(/certificate|alert|socket|ECONNRESET/i);
  });
});
