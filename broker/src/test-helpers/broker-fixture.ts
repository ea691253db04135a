import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import pino from 'pino';
import { createBroker, type PbxwatchBroker } from '../broker.js';
import type { Credential, CredentialStore } from '../credentials/credential-store.js';
import { generateSecret, hashSecret } from '../credentials/scrypt-hash.js';
import type { BrokerOptions } from '../server/broker-options.js';

/** Cheap scrypt cost for tests; production hashes use the default. */
export const TEST_PARAMS = { N: 1024, r: 8, p: 1 };

/** An in-memory credential store with real scrypt hashes. */
export class MemoryStore implements CredentialStore {
  readonly map = new Map<string, Credential>();
  get(username: string): Credential | undefined {
    return this.map.get(username);
  }
  /** Adds or rotates a user and returns the secret. */
  async add(username: string, role: 'site' | 'console' = 'site'): Promise<string> {
    const secret = generateSecret();
    const hash = await hashSecret(secret, TEST_PARAMS);
    this.map.set(username, role === 'site' ? { hash, role, siteId: username } : { hash, role });
    return secret;
  }
}

/** A manual clock. */
export function manualClock(start = 1_700_000_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

/** Starts a broker on 127.0.0.1:0 with the given store. */
export async function startBroker(
  store: CredentialStore,
  extra: Partial<BrokerOptions> = {},
): Promise<{ broker: PbxwatchBroker; url: string; port: number }> {
  const broker = createBroker({
    credentials: store,
    listeners: [{ protocol: 'tcp', host: '127.0.0.1', port: 0 }],
    logger: pino({ level: 'silent' }),
    ...extra,
  });
  const { ports } = await broker.start();
  const port = ports[0] as number;
  return { broker, url: `mqtt://127.0.0.1:${port}`, port };
}

/** Connects an MQTT 3.1.1 client with no reconnect; rejects with the CONNACK error. */
export function connect(url: string, opts: IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, ...opts });
    c.once('connect', () => resolve(c));
    c.once('error', (e) => {
      c.end(true);
      reject(e);
    });
  });
}

/** Resolves when the client's connection closes. */
export function closed(c: MqttClient): Promise<void> {
  return new Promise((resolve) => c.once('close', () => resolve()));
}

/** Collects messages received by a client. */
export function collect(c: MqttClient): { topic: string; payload: string }[] {
  const got: { topic: string; payload: string }[] = [];
  c.on('message', (topic, payload) => got.push({ topic, payload: payload.toString() }));
  return got;
}

/** Waits until `cond()` holds, polling each 10 ms, for at most `ms`. */
export async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** SUBACK return codes for a SUBSCRIBE (mqtt.js rejects when any is 0x80; the codes are in the error). */
export async function subackCodes(c: MqttClient, topics: string[]): Promise<number[]> {
  try {
    return (await c.subscribeAsync(topics, { qos: 1 })).map((g) => g.qos);
  } catch (e) {
    const granted = (e as { packet?: { granted?: (number | object)[] } }).packet?.granted;
    if (!granted) throw e;
    return granted.map((g) => (typeof g === 'number' ? g : (g as { qos: number }).qos));
  }
}
