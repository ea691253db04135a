/**
 * The same path with a real Mosquitto instead of the embedded broker: deploy/mosquitto/acl, a
 * password file made by mosquitto_passwd, the console as `noc_console` on an external `mqtt.url`.
 * Mosquitto is restarted in the middle of the fault (no persistence: its queued messages are
 * lost); the agents' end-to-end acks still get every event applied exactly once.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPbxSim } from '../pbx-sim/index.js';
import {
  api,
  buildDist,
  freePort,
  ROOT,
  SITE,
  seedSite,
  spawnAgent,
  startE2eConsole,
  tempDir,
  until,
  writeAgentConfig,
} from './e2e-harness.js';

const MOSQUITTO = '/usr/sbin/mosquitto';
const PASSWD = '/usr/bin/mosquitto_passwd';
const missing = !fs.existsSync(MOSQUITTO) || !fs.existsSync(PASSWD);
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
beforeAll(() => {
  if (!missing) buildDist();
});

async function startMosquitto(conf: string, port: number, probe: { user: string; pass: string }) {
  let log = '';
  const proc: ChildProcess = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  proc.stderr?.on('data', (d) => {
    log += d;
  });
  const exited = new Promise((r) => proc.once('exit', r));
  await until(
    async () => {
      if (proc.exitCode !== null) throw new Error(`mosquitto exited: ${log}`);
      try {
        const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
          username: probe.user,
          password: probe.pass,
          reconnectPeriod: 0,
          connectTimeout: 500,
        });
        await c.endAsync(true);
        return true;
      } catch {
        return false;
      }
    },
    10_000,
    'mosquitto listening',
  );
  return {
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

describe.skipIf(missing)('agent → Mosquitto (deploy ACL) → console', () => {
  it('opens and restores the P1 through Mosquitto, across a Mosquitto restart, exactly once', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const port = await freePort();
    const passwd = path.join(tmp.dir, 'passwd');
    const acl = path.join(tmp.dir, 'acl');
    fs.copyFileSync(path.join(ROOT, 'deploy/mosquitto/acl'), acl);
    const consoleSecret = randomBytes(24).toString('base64url');
    const siteSecret = randomBytes(24).toString('base64url');
    execFileSync(PASSWD, ['-c', '-b', passwd, 'noc_console', consoleSecret]);
    execFileSync(PASSWD, ['-b', passwd, SITE, siteSecret]);
    const conf = path.join(tmp.dir, 'mosquitto.conf');
    // Running as root, Mosquitto would drop to user "mosquitto", who cannot read our temp dir.
    fs.writeFileSync(
      conf,
      `${process.getuid?.() === 0 ? 'user root\n' : ''}per_listener_settings false
allow_anonymous false
password_file ${passwd}
acl_file ${acl}
listener ${port} 127.0.0.1
max_packet_size 65536
persistence false
log_dest stderr
log_type error
`,
    );
    const probe = { user: 'noc_console', pass: consoleSecret };
    let broker = await startMosquitto(conf, port, probe);
    cleanups.push(() => broker.stop());

    const c = await startE2eConsole({
      dataDir: tmp.dir,
      external: { url: `mqtt://127.0.0.1:${port}`, username: 'noc_console', password: consoleSecret },
    });
    cleanups.push(() => c.app.stop());
    expect(c.mqttPort).toBeNull(); // no embedded broker
    await seedSite(c); // the site's console-side secret is unused: Mosquitto's password file rules
    const pbx = await startPbxSim({ count: 20 });
    cleanups.push(pbx.close);
    const agent = spawnAgent(writeAgentConfig(tmp.dir, pbx, `mqtt://127.0.0.1:${port}`), siteSecret);
    cleanups.push(() => agent.kill());
    await agent.waitLog('connected to broker');
    await until(async () => (await api(c.http, `/api/v1/sites/${SITE}`)).online, 10_000, 'site online');

    const downAt = Date.now();
    pbx.setStationsDown({ ratio: 0.8 });
    const listed = await until(
      async () => (await api(c.http, `/api/v1/tickets?site=${SITE}&condition=stations`)).items[0],
      15_000,
      'stations ticket via Mosquitto',
    );
    expect(listed).toMatchObject({ priority: 'P1', state: 'open', timeCorrected: false });
    expect(Date.parse(listed.detectedAt)).toBeGreaterThanOrEqual(downAt);

    // Mosquitto goes away while the stations come back; the clear waits in the agent's outbox
    await broker.stop();
    pbx.setStationsDown(0);
    await until(() => agent.log().includes('"change":"cleared"'), 10_000, 'cleared during the broker outage');
    broker = await startMosquitto(conf, port, probe);
    const t = await until(
      async () => {
        const x = await api(c.http, `/api/v1/tickets/${listed.id}`);
        return x.state === 'restored' && x;
      },
      20_000,
      'restored after Mosquitto came back',
    );
    expect(t.timeline.map((e: { type: string }) => e.type)).toEqual(['opened', 'restored']);
    const db = c.app.services.db;
    expect(
      db.prepare("SELECT change FROM events WHERE condition = 'stations' ORDER BY at").pluck().all(),
    ).toEqual(['raised', 'cleared']);
    expect(db.prepare("SELECT count(*) FROM tickets WHERE condition = 'stations'").pluck().get()).toBe(1);
  });
});
