/**
 * Crashes on the path: kill -9 of the agent while it sends its backlog, a console (and its
 * embedded broker) restart while it ingests, and kill -9 of the console bin. Every event must be
 * applied exactly once: no lost ticket, no duplicate ticket or timeline entry.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPbxSim } from '../pbx-sim/index.js';
import {
  ADMIN_TOKEN,
  agentStateDir,
  api,
  buildDist,
  freePort,
  pendingInOutbox,
  ROOT,
  SITE,
  seedSite,
  spawnAgent,
  startE2eConsole,
  startWanProxy,
  stationsLogged,
  tempDir,
  until,
  writeAgentConfig,
} from './e2e-harness.js';

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
beforeAll(() => buildDist());

/** What the database holds for the stations condition, read from the SQLite file itself. */
function ledger(dbFile: string) {
  const db = new Database(dbFile, { readonly: true });
  try {
    const q = (sql: string) => db.prepare(sql).all() as Record<string, unknown>[];
    return {
      events: q("SELECT id, change FROM events WHERE condition = 'stations' ORDER BY at").map(
        (r) => r.change,
      ),
      tickets: q("SELECT id FROM tickets WHERE condition = 'stations'").length,
      timeline: q(
        "SELECT type FROM ticket_timeline WHERE ticket_id IN (SELECT id FROM tickets WHERE condition = 'stations') ORDER BY id",
      ).map((r) => r.type),
    };
  } finally {
    db.close();
  }
}

describe('crashes and restarts: every event applied exactly once', () => {
  it('kill -9 of the agent sending its backlog, then a console + broker restart while it ingests', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const mqttPort = await freePort();
    let c = await startE2eConsole({ dataDir: tmp.dir, mqttPort });
    cleanups.push(() => c.app.stop());
    const secret = await seedSite(c);
    const pbx = await startPbxSim({ count: 20 });
    cleanups.push(pbx.close);
    const wan = await startWanProxy(mqttPort);
    cleanups.push(wan.close);
    const config = writeAgentConfig(tmp.dir, pbx, wan.url);
    let agent = spawnAgent(config, secret);
    cleanups.push(() => agent.kill());
    await agent.waitLog('connected to broker');

    // a backlog of 4 events: two outages while the link is cut
    await wan.cut();
    for (let i = 1; i <= 2; i++) {
      pbx.setStationsDown({ ratio: 0.8 });
      await until(() => stationsLogged(agent.log(), 'raised') === i, 10_000, `raise ${i}`);
      pbx.setStationsDown(0);
      await until(() => stationsLogged(agent.log(), 'cleared') === i, 10_000, `clear ${i}`);
    }
    expect(pendingInOutbox(agentStateDir(tmp.dir))).toBe(4);
    const dbFile = path.join(tmp.dir, 'pbxwatch.sqlite');
    const received = () =>
      c.app.services.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number };

    // link back: kill -9 the agent as soon as the console has applied the first of them
    await wan.restore();
    for (let i = 0; i < 4000 && received().n === 0; i++) await new Promise((r) => setTimeout(r, 2));
    await agent.kill('SIGKILL');
    const pendingAfterKill = pendingInOutbox(agentStateDir(tmp.dir));
    expect(pendingAfterKill).toBeGreaterThan(0); // acks not all back yet: the restarted agent resends

    // restart the agent; stop the console (and its broker) as soon as ingestion resumes
    const before = received().n;
    agent = spawnAgent(config, secret);
    await until(() => received().n > before || agent.log().includes('connected to broker'), 10_000, 'resend');
    await c.app.stop();
    c = await startE2eConsole({ dataDir: tmp.dir, mqttPort });
    await until(() => pendingInOutbox(agentStateDir(tmp.dir)) === 0, 20_000, 'outbox drained');

    const l = ledger(dbFile);
    expect(l.events).toEqual(['raised', 'cleared', 'raised', 'cleared']);
    expect(l.tickets).toBe(1); // the second outage reopened the same ticket (30 min window)
    expect(l.timeline).toEqual(['opened', 'restored', 'reopened', 'restored']);
    const t = (await api(c.http, `/api/v1/tickets?site=${SITE}&condition=stations`)).items;
    expect(t.map((x: { state: string; reopenCount: number }) => [x.state, x.reopenCount])).toEqual([
      ['restored', 1],
    ]);
  });

  it('kill -9 of the console bin (with its embedded broker) while the agent reports: nothing lost', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const [httpPort, mqttPort] = [await freePort(), await freePort()];
    const http = `http://127.0.0.1:${httpPort}`;
    let out = '';
    const startBin = async () => {
      const p: ChildProcess = spawn(
        process.execPath,
        [path.join(ROOT, 'console/dist/cli/console-cli.js'), 'run'],
        {
          env: {
            ...process.env,
            PBXWATCH_DATA_DIR: tmp.dir,
            PBXWATCH_HTTP_HOST: '127.0.0.1',
            PBXWATCH_HTTP_PORT: String(httpPort),
            PBXWATCH_MQTT_HOST: '127.0.0.1',
            PBXWATCH_MQTT_PORT: String(mqttPort),
            PBXWATCH_ADMIN_TOKEN: ADMIN_TOKEN,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const exited = new Promise((r) => p.once('exit', r));
      cleanups.push(() => {
        if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
        return exited;
      });
      const mark = out.length;
      p.stdout?.on('data', (d) => {
        out += d;
      });
      await until(() => out.slice(mark).includes('"console started"'), 15_000, 'console bin started');
      return { p, exited };
    };
    let bin = await startBin();
    // the API handle for seeding: the bin's HTTP server, the in-process store for the contact
    const customer = await api(http, '/api/v1/customers', { method: 'POST', body: { name: 'Acme Corp' } });
    const site = await api(http, '/api/v1/sites', {
      method: 'POST',
      body: {
        id: SITE,
        name: 'Acme HQ',
        customerId: customer.id,
        plan: 'roi-priority',
        timeZone: 'Europe/Paris',
      },
    });
    const pbx = await startPbxSim({ count: 20 });
    cleanups.push(pbx.close);
    const agent = spawnAgent(
      writeAgentConfig(tmp.dir, pbx, `mqtt://127.0.0.1:${mqttPort}`),
      site.mqtt.secret,
    );
    cleanups.push(() => agent.kill());
    await agent.waitLog('connected to broker');

    pbx.setStationsDown({ ratio: 0.8 });
    await until(() => stationsLogged(agent.log(), 'raised') === 1, 10_000, 'raised');
    bin.p.kill('SIGKILL'); // the raise is in flight or just applied, its ack maybe not sent
    await bin.exited;
    pbx.setStationsDown(0);
    await until(
      () => stationsLogged(agent.log(), 'cleared') === 1,
      10_000,
      'cleared while the console is dead',
    );
    bin = await startBin();
    await until(() => pendingInOutbox(agentStateDir(tmp.dir)) === 0, 20_000, 'outbox drained');
    bin.p.kill('SIGTERM');
    await bin.exited;

    const l = ledger(path.join(tmp.dir, 'pbxwatch.sqlite'));
    expect(l.events).toEqual(['raised', 'cleared']);
    expect(l.tickets).toBe(1);
    expect(l.timeline).toEqual(['opened', 'restored']);
  });
});
