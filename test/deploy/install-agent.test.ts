import { appendFileSync, chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLES, installAgent, modeOf, REPO, run, snapshot, tempDir, UNIT_DIR } from './deploy-helpers.js';

/** A stand-in bundle: the install script only copies it, so its content need not be the agent. */
function fakeBundle(dir: string, version = '1'): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'pbxwatch-agent.js'), `console.log('agent ${version}');\n`);
  writeFileSync(join(dir, 'pbxwatch-agent.js.map'), '{}\n');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'pbxwatch-agent', type: 'module', dependencies: { 'better-sqlite3': '^12.6.0' } }),
  );
  return dir;
}

describe('deploy/install-agent.sh into a fake root (--root)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let root: string;
  let bundle: string;
  beforeEach(() => {
    tmp = tempDir('install');
    root = join(tmp.path, 'root');
    bundle = fakeBundle(join(tmp.path, 'bundle'));
  });
  afterEach(() => tmp.cleanup());

  it('is valid bash', () => {
    expect(run('bash', ['-n', join(REPO, 'deploy/install-agent.sh')]).code).toBe(0);
  });

  it('installs config, state dir, code, wrapper and unit with the right modes', () => {
    const r = installAgent(['--root', root, '--bundle', bundle]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(modeOf(join(root, 'etc/pbxwatch'))).toBe('0750');
    expect(modeOf(join(root, 'etc/pbxwatch/agent.yaml'))).toBe('0640');
    expect(readFileSync(join(root, 'etc/pbxwatch/agent.yaml'), 'utf8')).toBe(
      readFileSync(join(EXAMPLES, 'agent-ipoffice.yaml'), 'utf8'),
    );
    expect(modeOf(join(root, 'etc/pbxwatch/agent.env'))).toBe('0640');
    expect(readFileSync(join(root, 'etc/pbxwatch/agent.env'), 'utf8')).toMatch(
      /^PBXWATCH_BROKER_PASSWORD=$/m,
    );
    expect(modeOf(join(root, 'var/lib/pbxwatch'))).toBe('0750');
    for (const f of ['pbxwatch-agent.js', 'pbxwatch-agent.js.map', 'package.json']) {
      expect(modeOf(join(root, 'opt/pbxwatch/agent', f))).toBe('0644');
      expect(readFileSync(join(root, 'opt/pbxwatch/agent', f), 'utf8')).toBe(
        readFileSync(join(bundle, f), 'utf8'),
      );
    }
    expect(modeOf(join(root, 'usr/local/bin/pbxwatch-agent'))).toBe('0755');
    expect(readFileSync(join(root, 'etc/systemd/system/pbxwatch-agent.service'), 'utf8')).toBe(
      readFileSync(join(UNIT_DIR, 'pbxwatch-agent.service'), 'utf8'),
    );
    // Privileged steps are only described in a fake root.
    expect(r.stdout).toMatch(/^would: create system user pbxwatch/m);
    expect(r.stdout).toMatch(/^would: \(cd .*opt\/pbxwatch\/agent && npm install --omit=dev/m);
    expect(r.stdout).toMatch(/^would: systemctl daemon-reload$/m);
    // A fresh config is the template: the service must not be started on it.
    expect(r.stdout).not.toMatch(/^would: systemctl enable/m);
    expect(r.stdout).toMatch(/next steps:/);
  });

  it('is idempotent and never overwrites an existing config', () => {
    expect(installAgent(['--root', root, '--bundle', bundle]).code).toBe(0);
    const first = snapshot(root);
    const again = installAgent(['--root', root, '--bundle', bundle]);
    expect(again.code).toBe(0);
    expect(snapshot(root)).toEqual(first);
    expect(again.stdout).toMatch(/keeping existing .*agent\.yaml/);
    // With a config in place, a re-run validates it, then enables and starts the service.
    expect(again.stdout).toMatch(
      /^would: pbxwatch-agent check-config --config \/etc\/pbxwatch\/agent\.yaml$/m,
    );
    expect(again.stdout).toMatch(/^would: systemctl enable --now pbxwatch-agent\.service$/m);

    const config = join(root, 'etc/pbxwatch/agent.yaml');
    appendFileSync(config, '# edited by the technician\n');
    writeFileSync(join(root, 'etc/pbxwatch/agent.env'), 'PBXWATCH_BROKER_PASSWORD=s3cret\n');
    chmodSync(config, 0o644);
    const edited = readFileSync(config, 'utf8');
    expect(installAgent(['--root', root, '--bundle', bundle, '--pbx', 'ipecs']).code).toBe(0);
    expect(readFileSync(config, 'utf8')).toBe(edited);
    expect(readFileSync(join(root, 'etc/pbxwatch/agent.env'), 'utf8')).toBe(
      'PBXWATCH_BROKER_PASSWORD=s3cret\n',
    );
    // ...but its mode is put back: it may hold secrets.
    expect(modeOf(config)).toBe('0640');
  });

  it('upgrades the code and reinstalls dependencies only when package.json changes', () => {
    expect(installAgent(['--root', root, '--bundle', bundle, '--no-start']).code).toBe(0);
    mkdirSync(join(root, 'opt/pbxwatch/agent/node_modules/better-sqlite3'), { recursive: true });
    const unchanged = installAgent(['--root', root, '--bundle', bundle, '--no-start']);
    expect(unchanged.stdout).toMatch(/runtime dependencies unchanged/);
    expect(unchanged.stdout).not.toMatch(/npm install/);

    fakeBundle(bundle, '2');
    writeFileSync(
      join(bundle, 'package.json'),
      JSON.stringify({ dependencies: { 'better-sqlite3': '^13.0.0' } }),
    );
    const upgraded = installAgent(['--root', root, '--bundle', bundle, '--no-start', '--offline']);
    expect(upgraded.code).toBe(0);
    expect(readFileSync(join(root, 'opt/pbxwatch/agent/pbxwatch-agent.js'), 'utf8')).toContain("'agent 2'");
    expect(upgraded.stdout).toMatch(/would: .*npm install --omit=dev .*--offline/);
    expect(upgraded.stdout).toMatch(/--no-start: not enabling/);
  });

  it('copies node_modules shipped in the bundle instead of running npm', () => {
    mkdirSync(join(bundle, 'node_modules/better-sqlite3'), { recursive: true });
    writeFileSync(join(bundle, 'node_modules/better-sqlite3/package.json'), '{"name":"better-sqlite3"}');
    const r = installAgent(['--root', root, '--bundle', bundle]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/copied node_modules from the bundle/);
    expect(r.stdout).not.toMatch(/npm install/);
    expect(
      readFileSync(join(root, 'opt/pbxwatch/agent/node_modules/better-sqlite3/package.json'), 'utf8'),
    ).toContain('better-sqlite3');
  });

  it('uses the iPECS template with --pbx ipecs', () => {
    expect(installAgent(['--root', root, '--bundle', bundle, '--pbx', 'ipecs']).code).toBe(0);
    expect(readFileSync(join(root, 'etc/pbxwatch/agent.yaml'), 'utf8')).toBe(
      readFileSync(join(EXAMPLES, 'agent-ipecs.yaml'), 'utf8'),
    );
  });

  it('refuses bad input with a message naming the problem', () => {
    const noBundle = installAgent(['--root', root, '--bundle', join(tmp.path, 'nowhere')]);
    expect(noBundle.code).not.toBe(0);
    expect(noBundle.stderr).toMatch(/nowhere is not a directory/);

    const empty = join(tmp.path, 'empty');
    mkdirSync(empty);
    const notABundle = installAgent(['--root', root, '--bundle', empty]);
    expect(notABundle.code).not.toBe(0);
    expect(notABundle.stderr).toMatch(/pbxwatch-agent\.js is missing/);

    const badPbx = installAgent(['--root', root, '--bundle', bundle, '--pbx', 'cisco']);
    expect(badPbx.code).not.toBe(0);
    expect(badPbx.stderr).toMatch(/--pbx must be ipoffice or ipecs, not 'cisco'/);

    const badOption = installAgent(['--frobnicate']);
    expect(badOption.code).not.toBe(0);
    expect(badOption.stderr).toMatch(/unknown option: --frobnicate/);
  });

  it('installs a wrapper that loads agent.env literally, as systemd EnvironmentFile= does', () => {
    expect(installAgent(['--root', root, '--bundle', bundle]).code).toBe(0);
    const envFile = join(tmp.path, 'agent.env');
    writeFileSync(
      envFile,
      '# comment\nPBXWATCH_BROKER_PASSWORD="pa$$ w0rd"\nPBXWATCH_SNMP_COMMUNITY=\'pub$lic\'\nPLAIN=a=b c\n',
    );
    // Point the installed wrapper at the test's env file, and make it print its environment
    // instead of starting node (and never switch user).
    const wrapper = readFileSync(join(root, 'usr/local/bin/pbxwatch-agent'), 'utf8')
      .replace('ENV_FILE=/etc/pbxwatch/agent.env', `ENV_FILE=${envFile}`)
      .replace(/if \[ "\$\(id -u\)" = 0 \].*\n/, 'if false; then\n')
      .replaceAll('/usr/bin/node /opt/pbxwatch/agent/pbxwatch-agent.js "$@"', 'env');
    const script = join(tmp.path, 'wrapper.sh');
    writeFileSync(script, wrapper);
    const r = run('sh', [script]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PBXWATCH_BROKER_PASSWORD=pa\$\$ w0rd$/m);
    expect(r.stdout).toMatch(/^PBXWATCH_SNMP_COMMUNITY=pub\$lic$/m);
    expect(r.stdout).toMatch(/^PLAIN=a=b c$/m);
  });
});
