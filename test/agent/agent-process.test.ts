import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, startTestConsole, until } from '../../agent/src/publish/test-helpers/mqtt-peers.js';
import { type PbxSim, startPbxSim } from '../pbx-sim/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = path.join(ROOT, 'agent/dist/cli/agent-cli.js');
const SITE = 'acme-hq';
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

beforeAll(() => {
  // The agent runs from dist/ as in production; an incremental build is quick when up to date.
  execFileSync('npx', ['tsc', '-b', 'agent'], { cwd: ROOT, stdio: 'inherit' });
});

function writeConfig(dir: string, pbx: PbxSim, brokerPort: number): string {
  const file = path.join(dir, 'agent.yaml');
  fs.writeFileSync(
    file,
    `site: { id: ${SITE} }
broker: { url: "mqtt://127.0.0.1:${brokerPort}", password: { env: TEST_BROKER_PASSWORD } }
pbx:
  vendor: ipoffice
  host: 127.0.0.1
  snmp: { version: 2c, community: public, port: ${pbx.snmpPort}, timeout: 300ms, retries: 0 }
  sip: { uri: "sip:127.0.0.1:${pbx.sipPort}", transport: udp, timeout: 300ms }
traps: { host: 127.0.0.1, port: 0 }
poll: { interval: 200ms }
heartbeat: { interval: 500ms }
outbox: { ackTimeout: 2s }
stateDir: ${path.join(dir, 'state')}
`,
  );
  return file;
}

function spawnAgent(config: string) {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'run', '--config', config], {
    env: { ...process.env, TEST_BROKER_PASSWORD: 'x', NOTIFY_SOCKET: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b) => {
    out += b;
  });
  child.stderr?.on('data', (b) => {
    out += b;
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return exited;
  });
  return { child, exited, log: () => out };
}

function pendingInOutbox(stateDir: string): number {
  const file = path.join(stateDir, 'agent.db');
  if (!fs.existsSync(file)) return -1;
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM outbox_events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbxw-agent-e2e-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const pbx = await startPbxSim({ count: 20 });
  cleanups.push(() => pbx.close());
  const broker = await startTestBroker();
  cleanups.push(() => broker.down());
  const config = writeConfig(dir, pbx, broker.port);
  return { dir, pbx, broker, config, stateDir: path.join(dir, 'state') };
}

describe('the built agent as a process, against the PBX simulator and aedes', () => {
  it('raises stations P1 when >75% go down, clears it, and goes offline cleanly on SIGTERM', async () => {
    const { pbx, broker, config } = await setup();
    const con = await startTestConsole(broker.url(), SITE);
    cleanups.push(() => con.close());
    const agent = spawnAgent(config);
    await until(() => agent.log().includes('connected to broker'), 15_000, 'agent connected');
    pbx.setStationsDown({ ratio: 0.8 });
    await until(() => con.deliveries.some((d) => d.condition === 'stations'), 15_000, 'stations raised');
    const raised = con.deliveries.find((d) => d.condition === 'stations');
    expect(raised).toMatchObject({ change: 'raised', priority: 'P1' });
    pbx.setStationsDown(0);
    await until(
      () => con.deliveries.some((d) => d.condition === 'stations' && d.change === 'cleared'),
      15_000,
      'cleared',
    );
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    expect(JSON.parse(broker.retained.get(`pbxwatch/v1/sites/${SITE}/status`) ?? '{}')).toMatchObject({
      state: 'offline',
    });
  });

  it('kill -9 with events pending and backlogged, broker down meanwhile: no event lost, none re-raised', async () => {
    const { pbx, broker, config, stateDir } = await setup();
    const con = await startTestConsole(broker.url(), SITE, { acking: false });
    cleanups.push(() => con.close());

    // 1. raised and delivered, but the console does not ack: pending in the outbox; kill -9.
    let agent = spawnAgent(config);
    await until(() => agent.log().includes('connected to broker'), 15_000, 'agent connected');
    pbx.setStationsDown({ ratio: 0.5 });
    await until(() => con.deliveries.some((d) => d.condition === 'stations'), 15_000, 'stations raised');
    agent.child.kill('SIGKILL');
    await agent.exited;
    expect(pendingInOutbox(stateDir)).toBe(1);

    // 2. broker down; restarted agent sees the stations back, so it clears into a backlog; kill -9 again.
    await broker.down();
    pbx.setStationsDown(0);
    agent = spawnAgent(config);
    await until(() => pendingInOutbox(stateDir) === 2, 15_000, 'cleared event in the outbox');
    agent.child.kill('SIGKILL');
    await agent.exited;

    // 3. broker back, console acks: everything arrives and is acked; the outbox drains.
    await broker.up();
    con.setAcking(true);
    agent = spawnAgent(config);
    await until(() => pendingInOutbox(stateDir) === 0, 20_000, 'outbox drained');
    const stations = [
      ...new Map(con.deliveries.filter((d) => d.condition === 'stations').map((d) => [d.id, d])).values(),
    ];
    expect(stations.map((d) => [d.change, d.priority])).toEqual([
      ['raised', 'P2'],
      ['cleared', 'P2'],
    ]);
    // the clear happened after the first restart and names the boot whose uptime it carries
    expect(stations[1]?.detail.atBootId).not.toBe(stations[0]?.detail.atBootId);
    for (const d of stations) expect(con.acked.get(d.id)).toBeGreaterThanOrEqual(1);
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
  });
});
