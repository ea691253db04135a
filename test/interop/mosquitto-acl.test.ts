/**
 * The Mosquitto deployment (deploy/mosquitto/acl) enforces the same site isolation as the pbxwatch
 * broker, checked against a real /usr/sbin/mosquitto. Mosquitto refuses differently (for 3.1.1 it
 * acknowledges and discards a forbidden publish), so these tests assert on delivery.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MOSQUITTO = '/usr/sbin/mosquitto';
const PASSWD = '/usr/bin/mosquitto_passwd';
const ACL = fileURLToPath(new URL('../../deploy/mosquitto/acl', import.meta.url));
const missing = !existsSync(MOSQUITTO) || !existsSync(PASSWD);
const T = (s: string, c: string) => `pbxwatch/v1/sites/${s}/${c}`;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function connect(port: number, username: string, password: string): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
      username,
      password,
      protocolVersion: 4,
      reconnectPeriod: 0,
      clientId: `${username}-${randomBytes(3).toString('hex')}`,
    });
    c.once('connect', () => resolve(c));
    c.once('error', (e) => {
      c.end(true);
      reject(e);
    });
  });
}

function collect(c: MqttClient): { topic: string; payload: string }[] {
  const got: { topic: string; payload: string }[] = [];
  c.on('message', (topic, payload) => got.push({ topic, payload: payload.toString() }));
  return got;
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** SUBACK codes, whether or not mqtt.js calls any of them a failure. */
async function subscribe(c: MqttClient, topics: string[]): Promise<number[]> {
  try {
    return (await c.subscribeAsync(topics, { qos: 1 })).map((g) => g.qos);
  } catch (e) {
    const granted = (e as { packet?: { granted?: number[] } }).packet?.granted;
    if (!granted) throw e;
    return granted;
  }
}

describe.skipIf(missing)('Mosquitto with deploy/mosquitto/acl', () => {
  let dir: string;
  let proc: ChildProcess;
  let port: number;
  let log = '';
  const secret: Record<string, string> = {};
  const clients: MqttClient[] = [];
  const open = async (user: string) => {
    const c = await connect(port, user, secret[user] as string);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pbxw-mosq-'));
    const passwd = join(dir, 'passwd');
    await writeFile(passwd, '');
    for (const user of ['site-a', 'site-b', 'noc_console']) {
      secret[user] = randomBytes(32).toString('base64url');
      await promisify(execFile)(PASSWD, ['-b', passwd, user, secret[user] as string]);
    }
    await writeFile(join(dir, 'acl'), await readFile(ACL, 'utf8'));
    port = await freePort();
    // Running as root, Mosquitto would drop to user "mosquitto", who cannot read our temp dir.
    const user = process.getuid?.() === 0 ? 'user root\n' : '';
    await writeFile(
      join(dir, 'mosquitto.conf'),
      `${user}per_listener_settings false\nallow_anonymous false\npassword_file ${passwd}\nacl_file ${join(dir, 'acl')}\nlistener ${port} 127.0.0.1\nmax_packet_size 65536\npersistence false\nlog_dest stderr\nlog_type error\nlog_type warning\n`,
    );
    proc = spawn(MOSQUITTO, ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr?.on('data', (d) => {
      log += d;
    });
    const end = Date.now() + 10_000;
    for (;;) {
      try {
        (await connect(port, 'site-a', secret['site-a'] as string)).end(true);
        break;
      } catch (e) {
        if (Date.now() > end || proc.exitCode !== null)
          throw new Error(`mosquitto did not start: ${(e as Error).message}\n${log}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });

  afterAll(async () => {
    for (const c of clients) c.end(true);
    proc?.kill('SIGTERM');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses a wrong secret and an unknown user', async () => {
    await expect(connect(port, 'site-a', secret['site-b'] as string)).rejects.toMatchObject({ code: 5 });
    await expect(connect(port, 'nowhere', 'x')).rejects.toMatchObject({ code: 5 });
  });

  it('delivers a site publish on its own topic to the console, and never one on a foreign topic', async () => {
    const con = await open('noc_console');
    const got = collect(con);
    expect(await subscribe(con, [T('+', 'events'), T('+', 'status')])).toEqual([1, 1]);
    const a = await open('site-a');
    await a.publishAsync(T('site-b', 'events'), 'forged', { qos: 1 }); // acked, then discarded
    await a.publishAsync(T('site-b', 'status'), 'forged', { qos: 1 });
    await a.publishAsync(T('site-a', 'events'), 'own', { qos: 1 });
    await until(() => got.some((m) => m.payload === 'own'));
    const b = await open('site-b');
    await b.publishAsync(T('site-b', 'events'), 'barrier', { qos: 1 });
    await until(() => got.some((m) => m.payload === 'barrier'));
    expect(got.map((m) => m.payload)).toEqual(['own', 'barrier']);
  });

  it('gives a site subscribed to # or to other sites nothing from other sites, but its own acks', async () => {
    const a = await open('site-a');
    const got = collect(a);
    await subscribe(a, ['#', T('+', 'events'), T('site-b', 'acks'), T('site-a', 'acks')]);
    const b = await open('site-b');
    await b.publishAsync(T('site-b', 'events'), 'b-event', { qos: 1 });
    const con = await open('noc_console');
    await con.publishAsync(T('site-b', 'acks'), 'ack-for-b', { qos: 1 });
    await con.publishAsync(T('site-a', 'acks'), 'ack-for-a', { qos: 1 });
    await until(() => got.some((m) => m.payload === 'ack-for-a'));
    expect(got.map((m) => m.payload)).toEqual(['ack-for-a']);
  });

  it('lets only the console publish acks', async () => {
    const b = await open('site-b');
    const got = collect(b);
    await subscribe(b, [T('site-b', 'acks')]);
    const a = await open('site-a');
    await a.publishAsync(T('site-b', 'acks'), 'forged-ack', { qos: 1 });
    await b.publishAsync(T('site-b', 'acks'), 'self-ack', { qos: 1 });
    const con = await open('noc_console');
    await con.publishAsync(T('site-b', 'acks'), 'real-ack', { qos: 1 });
    await until(() => got.length > 0);
    expect(got.map((m) => m.payload)).toEqual(['real-ack']);
  });
});
