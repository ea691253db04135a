import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, startTestConsole, until } from '../../agent/src/publish/test-helpers/mqtt-peers.js';
import { bundleTarget, TARGETS } from '../../scripts/bundle.js';
import { type PbxSim, startPbxSim } from '../pbx-sim/index.js';
import { REPO, tempDir, UNIT_DIR } from './deploy-helpers.js';

/**
 * The agent unit sets MemoryDenyWriteExecute=yes, which a JIT cannot live with. It holds because
 * the unit runs node with --lite-mode (V8 without JIT: bytecode only, no executable memory made
 * at run time). systemd is not PID 1 here, so test/deploy/mdwe/mdwe.c applies the same seccomp
 * filter and the bundled agent runs under it with the unit's own node flags: it must poll, detect
 * and publish, while plain node under the filter must die (proof the filter bites).
 */
const canRun =
  process.platform === 'linux' &&
  process.arch === 'x64' &&
  spawnSync('cc', ['--version']).status === 0 &&
  existsSync('/usr/include/linux/seccomp.h');

/** The node flags of the agent unit's ExecStart. */
function unitNodeFlags(): string[] {
  const unit = readFileSync(join(UNIT_DIR, 'pbxwatch-agent.service'), 'utf8');
  const m = /^ExecStart=\S*node((?:\s+--\S+)*)\s/m.exec(unit);
  if (!m) throw new Error('no ExecStart=...node line in pbxwatch-agent.service');
  return m[1]!.trim().split(/\s+/);
}

describe.skipIf(!canRun)('the agent under MemoryDenyWriteExecute (seccomp W^X, x86-64)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let mdwe = '';
  let cli = '';
  const stops: (() => unknown)[] = [];

  beforeAll(async () => {
    tmp = tempDir('mdwe');
    mdwe = join(tmp.path, 'mdwe');
    const cc = spawnSync('cc', ['-O2', '-o', mdwe, join(REPO, 'test/deploy/mdwe/mdwe.c')], {
      encoding: 'utf8',
    });
    if (cc.status !== 0) throw new Error(`cc failed: ${cc.stderr}`);
    const agent = TARGETS.find((t) => t.name === 'agent')!;
    await bundleTarget(agent, join(tmp.path, 'dist'));
    // better-sqlite3 stays outside the bundle; resolve it from the repository's node_modules.
    symlinkSync(join(REPO, 'node_modules'), join(tmp.path, 'dist/agent/node_modules'));
    cli = join(tmp.path, 'dist/agent/pbxwatch-agent.js');
  }, 60_000);

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    tmp?.cleanup();
  });

  it('a JIT node dies under the filter: the filter is real', () => {
    const r = spawnSync(
      mdwe,
      [process.execPath, '-e', 'for (let i = 0; i < 1e6; i++) JSON.stringify({ i })'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).not.toBe(0);
  });

  it('with the unit flags the bundled agent polls, detects and publishes', async () => {
    const pbx: PbxSim = await startPbxSim({ count: 40 });
    stops.push(() => pbx.close());
    const broker = await startTestBroker();
    stops.push(() => broker.down());
    const noc = await startTestConsole(broker.url(), 'acme-hq');
    stops.push(() => noc.close());
    const config = join(tmp.path, 'agent.yaml');
    writeFileSync(
      config,
      `site: { id: acme-hq }
broker: { url: "${broker.url()}", password: x }
pbx:
  vendor: ipoffice
  host: 127.0.0.1
  snmp: { version: 2c, community: public, port: ${pbx.snmpPort}, timeout: 300ms, retries: 0 }
  sip: { uri: "sip:127.0.0.1:${pbx.sipPort}", transport: udp, timeout: 300ms }
traps: { enabled: false }
poll: { interval: 200ms }
stateDir: ${join(tmp.path, 'state')}
`,
    );
    let log = '';
    const child: ChildProcess = spawn(
      mdwe,
      [process.execPath, ...unitNodeFlags(), cli, 'run', '--config', config],
      {
        env: { ...process.env, NOTIFY_SOCKET: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', (b) => (log += b));
    child.stderr?.on('data', (b) => (log += b));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    stops.push(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
      return exited;
    });

    await until(() => log.includes('connected to broker'), 15_000, `agent connected (log: ${log})`);
    pbx.setStationsDown({ ratio: 0.8 });
    await until(
      () =>
        noc.deliveries.some(
          (e) => e.condition === 'stations' && e.change === 'raised' && e.priority === 'P1',
        ),
      15_000,
      `stations P1 raised (log: ${log.slice(-2000)})`,
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(log).not.toMatch(/Fatal error|Check failed/);
  });
});
