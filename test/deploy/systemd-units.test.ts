import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, run, tempDir, UNIT_DIR, unitValues, verifyUnit } from './deploy-helpers.js';

const UNITS = ['pbxwatch-agent.service', 'pbxwatch-console.service', 'pbxwatch-broker.service'];
const read = (unit: string) => readFileSync(join(UNIT_DIR, unit), 'utf8');

describe('systemd units (systemd-analyze)', () => {
  let tmp: ReturnType<typeof tempDir>;
  /**
   * Copies a unit into the temp dir under `name`. `systemd-analyze verify` checks that the ExecStart
   * binary exists: on a host whose node is not /usr/bin/node, point the copy at this node.
   */
  const place = (name: string, text: string) => {
    const body = existsSync('/usr/bin/node') ? text : text.replaceAll('/usr/bin/node', process.execPath);
    const path = join(tmp.path, name);
    writeFileSync(path, body);
    return path;
  };
  beforeAll(() => {
    tmp = tempDir('units');
  });
  afterAll(() => tmp.cleanup());

  it.each(UNITS)('%s passes systemd-analyze verify without a single warning', (unit) => {
    const r = verifyUnit(place(unit, read(unit)));
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });

  // The check above must catch what systemd only warns about, not just what it refuses.
  it.each([
    [
      'a misspelt key',
      (t: string) => t.replace('WatchdogSec=60', 'WatchdogSecs=60'),
      /Unknown key 'WatchdogSecs'/,
    ],
    ['a bad value', (t: string) => t.replace('Type=notify', 'Type=notfy'), /Failed to parse service type/],
    [
      'a missing binary',
      (t: string) => t.replace(/\/(usr\/bin\/node|\S+\/node) /, '/usr/bin/no-such-node '),
      /not executable/,
    ],
    ['a misspelt section', (t: string) => t.replace('[Service]', '[Servic]'), /Unknown section 'Servic'/],
    [
      'a bad size',
      (t: string) => t.replace('MemoryMax=200M', 'MemoryMax=200Q'),
      /Invalid memory limit '200Q'/,
    ],
  ])('rejects a broken unit: %s', (_what, breakIt, message) => {
    const broken = breakIt(read('pbxwatch-agent.service'));
    expect(broken).not.toBe(read('pbxwatch-agent.service'));
    const r = verifyUnit(place('pbxwatch-broken.service', broken));
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(message);
  });

  it.each(UNITS)('%s keeps its hardening (systemd-analyze security exposure at most 2.0)', (unit) => {
    const path = place(unit, read(unit));
    // --threshold is on the 0-100 scale the report prints divided by ten.
    const r = run('systemd-analyze', ['security', '--offline=yes', '--threshold=20', '--no-pager', path]);
    expect(r.stdout).toMatch(/Overall exposure level/);
    expect(r.code).toBe(0);
  });

  it('the hardening gate fails a weakened unit', () => {
    const weak = read('pbxwatch-agent.service')
      .replace('ProtectSystem=strict', 'ProtectSystem=no')
      .replace('PrivateDevices=yes', 'PrivateDevices=no')
      .replace('NoNewPrivileges=yes', 'NoNewPrivileges=no')
      .replace(/^CapabilityBoundingSet=.*$/m, '');
    const r = run('systemd-analyze', [
      'security',
      '--offline=yes',
      '--threshold=20',
      '--no-pager',
      place('pbxwatch-weak.service', weak),
    ]);
    expect(r.code).not.toBe(0);
  });

  it('the agent unit is a watchdogged notify service that may bind the trap port', () => {
    const agent = read('pbxwatch-agent.service');
    expect(unitValues(agent, 'Type')).toEqual(['notify']);
    expect(unitValues(agent, 'WatchdogSec')).toEqual(['60']);
    // A notification sent by a child (the systemd-notify binary) needs NotifyAccess=all.
    const sdNotify = readFileSync(join(REPO, 'agent/src/sd-notify.ts'), 'utf8');
    const viaChild = /execFile|spawn/.test(sdNotify) && sdNotify.includes('systemd-notify');
    expect(unitValues(agent, 'NotifyAccess')).toEqual([viaChild ? 'all' : 'main']);
    expect(unitValues(agent, 'Restart')).toEqual(['always']);
    expect(unitValues(agent, 'User')).toEqual(['pbxwatch']);
    expect(unitValues(agent, 'StateDirectory')).toEqual(['pbxwatch']);
    // An ambient capability outside the bounding set is silently dropped, and verify does not
    // check capability names: hence the exact values here.
    expect(unitValues(agent, 'AmbientCapabilities')).toEqual(['CAP_NET_BIND_SERVICE']);
    expect(unitValues(agent, 'CapabilityBoundingSet')).toEqual(['CAP_NET_BIND_SERVICE']);
    // No W+X pages: possible only because node runs without a JIT (memory-deny-write-execute.test.ts).
    expect(unitValues(agent, 'MemoryDenyWriteExecute')).toEqual(['yes']);
    expect(unitValues(agent, 'ExecStart')[0]).toContain(' --lite-mode ');
    expect(unitValues(agent, 'ReadWritePaths')).toEqual(['/var/lib/pbxwatch']);
  });

  it('the agent unit runs what install-agent.sh installs, where it installs it', () => {
    const agent = read('pbxwatch-agent.service');
    const script = readFileSync(join(REPO, 'deploy/install-agent.sh'), 'utf8');
    const [execStart] = unitValues(agent, 'ExecStart');
    expect(execStart).toBe(
      '/usr/bin/node --max-semi-space-size=1 --max-old-space-size=64 --optimize-for-size --lite-mode --no-expose-wasm --expose-gc /opt/pbxwatch/agent/pbxwatch-agent.js run --config /etc/pbxwatch/agent.yaml',
    );
    expect(script).toContain('OPT=$ROOT/opt/pbxwatch/agent');
    expect(script).toContain('ETC=$ROOT/etc/pbxwatch');
    expect(script).toContain('UNIT_NODE=/usr/bin/node');
    expect(unitValues(agent, 'EnvironmentFile')).toEqual(['-/etc/pbxwatch/agent.env']);
  });
});
