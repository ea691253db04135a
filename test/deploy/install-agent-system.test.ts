import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleTarget, TARGETS } from '../../scripts/bundle.js';
import { INSTALL_SCRIPT, REPO, tempDir } from './deploy-helpers.js';

/**
 * The install script's real (non --root) path: useradd, chown, the wrapper switching to the
 * service user, check-config before a restart. It runs in a private mount namespace whose /etc,
 * /opt, /var/lib and /usr/local are overlays on scratch directories, so the host is untouched.
 * Needs root and unshare(1); systemd is not PID 1 here, so `systemctl` is a recorder on PATH.
 */
const canRun =
  process.getuid?.() === 0 &&
  spawnSync('unshare', ['--mount', 'true']).status === 0 &&
  existsSync('/usr/bin/node') &&
  existsSync(join(REPO, 'agent/src/cli/agent-cli.ts'));

const DRIVER = `#!/bin/bash
set -euo pipefail
exec 2>&1
OV=$1 BUNDLE=$2 FAKEBIN=$3
for d in etc opt var/lib usr/local; do
  mkdir -p "$OV/$d/up" "$OV/$d/work"
  mount -t overlay overlay -o "lowerdir=/$d,upperdir=$OV/$d/up,workdir=$OV/$d/work" "/$d"
done
export PATH="$FAKEBIN:$PATH"
echo "=== run 1"
bash "$INSTALL" --bundle "$BUNDLE"
echo "=== state"
getent passwd pbxwatch | cut -d: -f1,6,7
stat -c '%a %U:%G %n' /etc/pbxwatch /etc/pbxwatch/agent.yaml /etc/pbxwatch/agent.env /var/lib/pbxwatch \\
  /opt/pbxwatch/agent /opt/pbxwatch/agent/pbxwatch-agent.js /usr/local/bin/pbxwatch-agent \\
  /etc/systemd/system/pbxwatch-agent.service
echo "=== configure"
printf 'PBXWATCH_BROKER_PASSWORD=s3cret\\nPBXWATCH_SNMP_COMMUNITY=public\\n' > /etc/pbxwatch/agent.env
echo "=== check-config as $(id -un) via the wrapper"
# The installed wrapper by its path: node_modules/.bin on a test runner's PATH has a pbxwatch-agent too.
/usr/local/bin/pbxwatch-agent check-config --config /etc/pbxwatch/agent.yaml
echo "=== whoami via the wrapper"
runuser -u pbxwatch -- id -un
echo "=== run 2"
bash "$INSTALL" --bundle "$BUNDLE"
echo "=== env kept"
cat /etc/pbxwatch/agent.env
echo "=== broken config"
sed -i 's/^  interval: 30s$/  interval: soon/' /etc/pbxwatch/agent.yaml
if bash "$INSTALL" --bundle "$BUNDLE"; then echo "run 3 succeeded"; else echo "run 3 refused"; fi
`;

describe.skipIf(!canRun)('deploy/install-agent.sh on a (namespaced) real system', () => {
  let tmp: ReturnType<typeof tempDir>;
  let out = '';
  let calls = '';
  let code: number | null = null;
  beforeAll(async () => {
    tmp = tempDir('system');
    const agent = TARGETS.find((t) => t.name === 'agent')!;
    await bundleTarget(agent, join(tmp.path, 'dist'));
    const bundle = join(tmp.path, 'dist/agent');
    // Ship node_modules in the bundle (the offline path), so the test needs no registry.
    for (const dep of ['better-sqlite3', 'bindings', 'file-uri-to-path']) {
      cpSync(join(REPO, 'node_modules', dep), join(bundle, 'node_modules', dep), {
        recursive: true,
        dereference: true,
      });
    }
    const fakeBin = join(tmp.path, 'bin');
    mkdirSync(fakeBin);
    const log = join(tmp.path, 'systemctl.log');
    writeFileSync(
      join(fakeBin, 'systemctl'),
      `#!/bin/sh\necho "$*" >> ${log}\n[ "$1" != is-active ] || exit 3\n`,
    );
    chmodSync(join(fakeBin, 'systemctl'), 0o755);
    writeFileSync(join(tmp.path, 'driver.sh'), DRIVER);
    const r = spawnSync(
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        'bash',
        join(tmp.path, 'driver.sh'),
        join(tmp.path, 'ov'),
        bundle,
        fakeBin,
      ],
      { encoding: 'utf8', env: { ...process.env, INSTALL: INSTALL_SCRIPT }, timeout: 120_000 },
    );
    out = r.stdout + r.stderr;
    code = r.status;
    calls = existsSync(log) ? readFileSync(log, 'utf8') : '';
  }, 180_000);
  afterAll(() => tmp?.cleanup());

  const section = (name: string) => {
    const start = out.indexOf(`=== ${name}`);
    const next = out.indexOf('\n=== ', start + 4);
    return start < 0 ? '' : out.slice(start, next < 0 ? undefined : next);
  };

  it('runs to the end', () => {
    expect(out).toContain('=== broken config');
    expect(code).toBe(0);
  });

  it('creates the nologin user and owns directories as specified', () => {
    const state = section('state');
    expect(state).toMatch(/^pbxwatch:\/var\/lib\/pbxwatch:\/usr\/sbin\/nologin$/m);
    expect(state).toContain('750 root:pbxwatch /etc/pbxwatch\n');
    expect(state).toContain('640 root:pbxwatch /etc/pbxwatch/agent.yaml\n');
    expect(state).toContain('640 root:pbxwatch /etc/pbxwatch/agent.env\n');
    expect(state).toContain('750 pbxwatch:pbxwatch /var/lib/pbxwatch\n');
    expect(state).toContain('755 root:root /opt/pbxwatch/agent\n');
    expect(state).toContain('644 root:root /opt/pbxwatch/agent/pbxwatch-agent.js\n');
    expect(state).toContain('755 root:root /usr/local/bin/pbxwatch-agent\n');
    expect(state).toMatch(/^644 root:root \/etc\/systemd\/system\/pbxwatch-agent\.service$/m);
  });

  it('does not start the service on the untouched template', () => {
    expect(section('run 1')).toMatch(/next steps:/);
    const firstRunCalls = calls.split('\n').filter(Boolean);
    expect(firstRunCalls[0]).toBe('daemon-reload');
    expect(firstRunCalls[1]).toBe('daemon-reload'); // run 2's: run 1 enabled nothing
  });

  it('the wrapper runs the bundled CLI as pbxwatch, reading the 0640 config and agent.env', () => {
    expect(section('check-config as root via the wrapper')).toMatch(/config OK: site acme-hq/);
    expect(section('check-config as root via the wrapper')).toMatch(/\(password set\)/);
    expect(section('whoami via the wrapper')).toMatch(/^pbxwatch$/m);
  });

  it('a re-run keeps the secrets, validates the config, then enables and starts the unit', () => {
    expect(section('env kept')).toContain('PBXWATCH_BROKER_PASSWORD=s3cret');
    expect(section('run 2')).toMatch(/config OK: site acme-hq/);
    expect(section('run 2')).toMatch(/runtime dependencies unchanged/);
    expect(calls).toContain('enable --now pbxwatch-agent.service');
  });

  it('refuses to restart into a config the new code rejects', () => {
    const run3 = section('broken config');
    expect(run3).toMatch(/poll\.interval: not a duration/);
    expect(run3).toMatch(/the config does not validate with the new agent/);
    expect(run3).toContain('run 3 refused');
    expect(calls.match(/enable --now/g)).toHaveLength(1);
  });
});
