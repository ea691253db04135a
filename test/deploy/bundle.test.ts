import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleResult, bundleAll, TARGETS } from '../../scripts/bundle.js';
import { startPbxSim } from '../pbx-sim/index.js';
import { EXAMPLES, REPO, run, tempDir } from './deploy-helpers.js';

/** Targets whose CLI has landed; the others are reported as skipped, not silently passed. */
const built = TARGETS.filter((t) => existsSync(join(REPO, t.entry))).map((t) => t.name);
const has = (name: string) => built.includes(name as (typeof built)[number]);

/**
 * The bundles run from a directory outside the repository (no workspace node_modules above it),
 * with a node_modules holding only what `npm install --omit=dev` would put there: better-sqlite3
 * and its runtime dependencies. Anything else the bundle failed to include would not resolve.
 */
function installRuntimeDeps(dir: string, deps: string[]): void {
  const closure = new Set<string>();
  const add = (name: string) => {
    if (closure.has(name)) return;
    closure.add(name);
    const pkg = JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8'));
    // prebuild-install only fetches the addon at install time.
    for (const d of Object.keys(pkg.dependencies ?? {})) if (d !== 'prebuild-install') add(d);
  };
  deps.forEach(add);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  for (const name of closure) symlinkSync(join(REPO, 'node_modules', name), join(dir, 'node_modules', name));
}

/**
 * Starts the bundled broker on a free loopback port with the given password file; resolves with the
 * child and the port it logged.
 */
async function startBundledBroker(
  cli: string,
  dir: string,
  passwd: string,
): Promise<{ child: ChildProcess; port: number }> {
  const config = join(dir, 'broker.yaml');
  writeFileSync(
    config,
    `listeners:\n  - { protocol: tcp, host: 127.0.0.1, port: 0 }\npasswordFile: ${passwd}\n`,
  );
  const child = spawn(process.execPath, [cli, 'run', '--config', config], { cwd: dir });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /"msg":"listening"/.test(out) && /"port":(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`broker exited ${code}: ${stderr}`)));
  });
  return { child, port };
}

/** Resolves with the exit code once the child exits. */
const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe('scripts/bundle.ts', () => {
  let tmp: ReturnType<typeof tempDir>;
  let results: BundleResult[] = [];
  const dirOf = (name: string) => join(tmp.path, name);
  beforeAll(async () => {
    tmp = tempDir('bundle');
    results = await bundleAll(built, tmp.path);
    for (const t of TARGETS) if (has(t.name)) installRuntimeDeps(dirOf(t.name), t.runtimeDeps);
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('bundles every CLI that exists into one ES module file with a source map', () => {
    expect(results.map((r) => r.name)).toEqual(built);
    for (const r of results) {
      expect(r.outFile).toBe(join(tmp.path, r.name, `pbxwatch-${r.name}.js`));
      const code = readFileSync(r.outFile, 'utf8');
      expect(code).toContain('createRequire');
      expect(code).toMatch(/\/\/# sourceMappingURL=pbxwatch-\w+\.js\.map\s*$/);
      expect(existsSync(`${r.outFile}.map`)).toBe(true);
      // No workspace package is left as a run-time import.
      expect(code).not.toMatch(/from ["']@pbxwatch\//);
    }
  });

  it('rejects an unknown target by name', async () => {
    await expect(bundleAll(['gateway'], tmp.path)).rejects.toThrow(/unknown bundle target\(s\): gateway/);
  });

  it.skipIf(!has('agent'))('agent: package.json lists better-sqlite3 as the only dependency', () => {
    const pkg = JSON.parse(readFileSync(join(dirOf('agent'), 'package.json'), 'utf8'));
    const agentPkg = JSON.parse(readFileSync(join(REPO, 'agent/package.json'), 'utf8'));
    expect(pkg.type).toBe('module');
    expect(pkg.dependencies).toEqual({ 'better-sqlite3': agentPkg.dependencies['better-sqlite3'] });
    // The install script and unit travel with the bundle.
    for (const f of [
      'install-agent.sh',
      'pbxwatch-agent.service',
      'agent-ipoffice.yaml',
      'agent-ipecs.yaml',
    ]) {
      expect(existsSync(join(dirOf('agent'), f))).toBe(true);
    }
  });

  it.skipIf(!has('agent'))('agent: the bundle runs check-config on the example configs', () => {
    const cli = join(dirOf('agent'), 'pbxwatch-agent.js');
    const env = { PBXWATCH_BROKER_PASSWORD: 'pw', PBXWATCH_SNMP_COMMUNITY: 'public' };
    const ok = run(
      'node',
      [cli, 'check-config', '--config', join(EXAMPLES, 'agent-ipoffice.yaml')],
      env,
      tmp.path,
    );
    expect(ok.stderr).not.toMatch(/Error|Cannot find/);
    expect(ok.code).toBe(0);

    const broken = join(tmp.path, 'broken.yaml');
    writeFileSync(
      broken,
      readFileSync(join(EXAMPLES, 'agent-ipoffice.yaml'), 'utf8').replace('interval: 30s', 'interval: soon'),
    );
    const bad = run('node', [cli, 'check-config', '--config', broken], env, tmp.path);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout + bad.stderr).toMatch(/poll\.interval/);

    // SNMPv3 DES: valid YAML, but OpenSSL 3 has DES only in its legacy provider. check-config says
    // so on the field, and passes once agent.env's NODE_OPTIONS loads the provider.
    const des = join(tmp.path, 'des.yaml');
    writeFileSync(
      des,
      [
        'site: { id: acme-hq }',
        'broker: { url: mqtt://127.0.0.1:1883, password: pw }',
        'pbx:',
        '  vendor: ipoffice',
        '  host: 127.0.0.1',
        '  snmp: { version: 3, user: { name: noc, authKey: auth-pass-1, privProtocol: des, privKey: priv-pass-1 } }',
        `stateDir: ${join(tmp.path, 'state')}`,
        '',
      ].join('\n'),
    );
    const noLegacy = run(
      'node',
      [cli, 'check-config', '--config', des],
      { ...env, NODE_OPTIONS: '' },
      tmp.path,
    );
    expect(noLegacy.code).toBe(1);
    expect(noLegacy.stderr).toMatch(
      /pbx\.snmp\.user\.privProtocol: DES privacy needs OpenSSL's legacy provider/,
    );
    const legacy = run(
      'node',
      [cli, 'check-config', '--config', des],
      { ...env, NODE_OPTIONS: '--openssl-legacy-provider' },
      tmp.path,
    );
    expect(legacy.stdout).toMatch(/SNMPv3/);
    expect(legacy.code).toBe(0);
  });

  describe.skipIf(!has('broker'))('broker bundle against a real MQTT client', () => {
    let broker: ChildProcess | undefined;
    afterAll(() => {
      broker?.kill('SIGKILL');
    });

    it('creates credentials, serves MQTT, refuses a bad password and stops on SIGTERM', async () => {
      const cli = join(dirOf('broker'), 'pbxwatch-broker.js');
      const passwd = join(tmp.path, 'broker-passwd');
      const created = run('node', [cli, 'passwd', passwd, 'acme-hq'], {}, tmp.path);
      expect(created.code).toBe(0);
      const secret = created.stdout.trim();
      expect(secret.length).toBeGreaterThanOrEqual(16);

      const started = await startBundledBroker(cli, tmp.path, passwd);
      const child = started.child;
      const port = started.port;
      broker = child;

      const connect = (password: string) =>
        new Promise<mqtt.MqttClient>((resolve, reject) => {
          const c = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
            username: 'acme-hq',
            password,
            clientId: 'acme-hq-test',
            protocolVersion: 4,
            reconnectPeriod: 0,
          });
          c.once('connect', () => resolve(c));
          c.once('error', (e) => {
            c.end(true);
            reject(e);
          });
        });
      const client = await connect(secret);
      await client
        .publishAsync('pbxwatch/v1/sites/acme-hq/heartbeat', '{}', { qos: 1 })
        .catch(() => undefined);
      await client.endAsync();
      await expect(connect('wrong-password')).rejects.toThrow(/Not authorized|Bad username or password/i);

      const exit = exitOf(child);
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      broker = undefined;
    });
  });
  describe.skipIf(!has('agent') || !has('broker'))(
    'agent bundle against the PBX simulator and the bundled broker',
    () => {
      const children: ChildProcess[] = [];
      let pbx: Awaited<ReturnType<typeof startPbxSim>> | undefined;
      beforeAll(async () => {
        pbx = await startPbxSim({ count: 20 });
      });
      afterAll(async () => {
        for (const c of children) c.kill('SIGKILL');
        await pbx?.close();
      });

      const agentConfig = (brokerPort: number, stateDir: string) => `
site: { id: acme-hq, name: bundle test }
broker:
  url: mqtt://127.0.0.1:${brokerPort}
  username: acme-hq
  password: { env: PBXWATCH_BROKER_PASSWORD }
pbx:
  vendor: ipoffice
  host: 127.0.0.1
  snmp: { version: 2c, community: public, port: ${pbx?.snmpPort}, timeout: 1s }
  sip: { uri: "sip:127.0.0.1:${pbx?.sipPort}", transport: udp, timeout: 1s }
traps: { enabled: false }
poll: { interval: 500ms }
heartbeat: { interval: 500ms }
stateDir: ${stateDir}
`;

      it('probe prints the technician report from a live (simulated) IP Office', async () => {
        const dir = join(tmp.path, 'probe');
        mkdirSync(dir);
        writeFileSync(join(dir, 'agent.yaml'), agentConfig(1, dir));
        // Asynchronous: the simulator answers from this process's event loop. Port 1 has no broker,
        // so the report says so and the exit status is 3 (something needs a look).
        const failed = await promisify(execFile)(
          process.execPath,
          [join(dirOf('agent'), 'pbxwatch-agent.js'), 'probe', '--config', join(dir, 'agent.yaml')],
          { env: { ...process.env, PBXWATCH_BROKER_PASSWORD: 'unused' }, encoding: 'utf8' },
        ).then(
          () => null,
          (e: { code: number; stdout: string }) => e,
        );
        expect(failed?.code).toBe(3);
        const stdout = failed?.stdout ?? '';
        expect(stdout).toMatch(/^SNMP\n {2}answered in \d+ ms$/m);
        expect(stdout).toMatch(/sysDescr: IP 500 V2/);
        expect(stdout).toMatch(/SIP OPTIONS to the PBX\n {2}answered 200 OK/);
        expect(stdout).toMatch(
          /Broker \(NOC\)\n {2}NOT LOGGED IN: mqtt:\/\/127\.0\.0\.1:1 as acme-hq: .*ECONNREFUSED/,
        );
      });

      it('run publishes over MQTT and stops cleanly on SIGTERM', async () => {
        const dir = join(tmp.path, 'run');
        mkdirSync(dir);
        const passwd = join(dir, 'broker-passwd');
        const brokerCli = join(dirOf('broker'), 'pbxwatch-broker.js');
        const siteSecret = run('node', [brokerCli, 'passwd', passwd, 'acme-hq'], {}, dir).stdout.trim();
        const consoleSecret = run(
          'node',
          [brokerCli, 'passwd', passwd, 'noc', '--console'],
          {},
          dir,
        ).stdout.trim();
        const broker = await startBundledBroker(brokerCli, dir, passwd);
        children.push(broker.child);

        const noc = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
          username: 'noc',
          password: consoleSecret,
          protocolVersion: 4,
          reconnectPeriod: 0,
        });
        const seen = new Set<string>();
        const gotStatusAndHeartbeat = new Promise<void>((resolve) => {
          noc.on('message', (topic) => {
            seen.add(topic.split('/').pop() ?? topic);
            if (seen.has('status') && seen.has('heartbeat')) resolve();
          });
        });
        await noc.subscribeAsync('pbxwatch/v1/sites/acme-hq/#', { qos: 1 });

        writeFileSync(join(dir, 'agent.yaml'), agentConfig(broker.port, dir));
        const agent = spawn(
          process.execPath,
          [join(dirOf('agent'), 'pbxwatch-agent.js'), 'run', '--config', join(dir, 'agent.yaml')],
          { cwd: dir, env: { ...process.env, PBXWATCH_BROKER_PASSWORD: siteSecret } },
        );
        children.push(agent);
        let agentErr = '';
        agent.stderr?.on('data', (d) => {
          agentErr += d;
        });
        const early = exitOf(agent).then((code) => {
          throw new Error(`agent exited ${code}: ${agentErr}`);
        });
        await Promise.race([gotStatusAndHeartbeat, early]);
        await noc.endAsync();

        const exit = exitOf(agent);
        agent.kill('SIGTERM');
        expect(await exit).toBe(0);
        // The durable outbox lives in the state directory (better-sqlite3, the one external dep).
        expect(existsSync(join(dir, 'agent.db'))).toBe(true);
      });
    },
  );
  describe.skipIf(!has('console'))('console bundle', () => {
    let consoleChild: ChildProcess | undefined;
    afterAll(() => {
      consoleChild?.kill('SIGKILL');
    });

    it('runs with its embedded broker, serves /healthz and uPlot, backs up online and stops on SIGTERM', async () => {
      const dir = join(tmp.path, 'console-data');
      mkdirSync(dir);
      const config = join(dir, 'console.yaml');
      writeFileSync(
        config,
        `dataDir: ${dir}\nhttp: { host: 127.0.0.1, port: 0 }\nmqtt: { embedded: true, host: 127.0.0.1, port: 0 }\n`,
      );
      const cli = join(dirOf('console'), 'pbxwatch-console.js');
      const child = spawn(process.execPath, [cli, 'run', '--config', config], { cwd: dir });
      consoleChild = child;
      let stderr = '';
      child.stderr?.on('data', (d) => {
        stderr += d;
      });
      const httpPort = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout?.on('data', (d) => {
          out += d;
          const m = /"httpPort":(\d+).*"msg":"console started"/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.once('exit', (code) => reject(new Error(`console exited ${code}: ${stderr}`)));
      });
      const health = await fetch(`http://127.0.0.1:${httpPort}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok' });
      // uPlot for the site page's charts is embedded: there is no node_modules/uplot beside the bundle.
      expect(existsSync(join(dirOf('console'), 'node_modules', 'uplot'))).toBe(false);
      for (const [path, file] of [
        ['/ui/uplot.min.js', 'uPlot.iife.min.js'],
        ['/ui/uplot.min.css', 'uPlot.min.css'],
      ] as const) {
        const asset = await fetch(`http://127.0.0.1:${httpPort}${path}`);
        expect(asset.status).toBe(200);
        expect(await asset.text()).toBe(readFileSync(join(REPO, 'node_modules/uplot/dist', file), 'utf8'));
      }

      // Asynchronous: the backup runs while the console keeps its database open.
      const backupFile = join(dir, 'backup.sqlite');
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [cli, 'backup', backupFile, '--config', config],
        {
          encoding: 'utf8',
        },
      );
      expect(stdout).toContain(`backup written to ${backupFile}`);
      expect(readFileSync(backupFile).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');

      const exit = exitOf(child);
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      consoleChild = undefined;
    });
  });
});
