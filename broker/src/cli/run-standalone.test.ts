import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBrokerConfig } from '../config/broker-config.js';
import { updatePasswordFile } from '../credentials/passwd-command.js';
import { parsePasswordFile } from '../credentials/password-file.js';
import { verifySecret } from '../credentials/scrypt-hash.js';
import { closed, connect, TEST_PARAMS } from '../test-helpers/broker-fixture.js';
import { runStandalone, type StandaloneBroker } from './run-standalone.js';

const CLI = fileURLToPath(new URL('../../dist/cli/broker-cli.js', import.meta.url));

describe('standalone broker', () => {
  let dir: string;
  let running: StandaloneBroker | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pbxw-broker-'));
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('runs from YAML, serves /metrics, and drops a session when its credential is rotated in the file', async () => {
    const passwd = join(dir, 'broker.passwd');
    const created = await updatePasswordFile(passwd, 'acme-hq', { params: TEST_PARAMS });
    if (created.action === 'deleted') throw new Error('unreachable');
    await writeFile(
      join(dir, 'broker.yaml'),
      'listeners:\n  - { protocol: tcp, host: 127.0.0.1, port: 0 }\npasswordFile: broker.passwd\nmetrics: { port: 0 }\nlogLevel: silent\n',
    );
    const config = await loadBrokerConfig(join(dir, 'broker.yaml'));
    running = await runStandalone(config, pino({ level: 'silent' }));
    const url = `mqtt://127.0.0.1:${running.started.ports[0]}`;
    const c = await connect(url, { username: 'acme-hq', password: created.secret });
    const gone = closed(c);

    const res = await fetch(`http://127.0.0.1:${running.metricsPort}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('pbxwatch_broker_connected_clients 1');
    expect((await fetch(`http://127.0.0.1:${running.metricsPort}/other`)).status).toBe(404);

    const rotated = await updatePasswordFile(passwd, 'acme-hq', { params: TEST_PARAMS });
    await gone; // the file watcher saw the change and disconnected the live session
    await expect(connect(url, { username: 'acme-hq', password: created.secret })).rejects.toMatchObject({
      code: 4,
    });
    if (rotated.action === 'deleted') throw new Error('unreachable');
    const again = await connect(url, { username: 'acme-hq', password: rotated.secret });
    again.end(true);
  });

  it('keeps the previous credentials when a reload finds a broken file', async () => {
    const passwd = join(dir, 'broker.passwd');
    const created = await updatePasswordFile(passwd, 'acme-hq', { params: TEST_PARAMS });
    await writeFile(
      join(dir, 'broker.yaml'),
      `listeners: [{ protocol: tcp, host: 127.0.0.1, port: 0 }]\npasswordFile: ${passwd}\n`,
    );
    running = await runStandalone(
      await loadBrokerConfig(join(dir, 'broker.yaml')),
      pino({ level: 'silent' }),
    );
    await writeFile(passwd, 'garbage\n');
    await running.store.reload();
    expect(running.store.get('acme-hq')).toBeDefined();
    if (created.action === 'deleted') throw new Error('unreachable');
    const c = await connect(`mqtt://127.0.0.1:${running.started.ports[0]}`, {
      username: 'acme-hq',
      password: created.secret,
    });
    c.end(true);
  });

  it.skipIf(!existsSync(CLI))(
    'passwd CLI (built) prints the secret once and stores only its hash',
    async () => {
      const file = join(dir, 'p');
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [
        CLI,
        'passwd',
        file,
        'acme-hq',
      ]);
      expect(stderr).toMatch(/created acme-hq/);
      const secret = stdout.trim();
      expect(secret).toMatch(/^[\w-]{43}$/);
      const text = await readFile(file, 'utf8');
      expect(text).not.toContain(secret);
      expect(await verifySecret(secret, parsePasswordFile(text).get('acme-hq')?.hash as string)).toBe(true);
      const bad = await promisify(execFile)(process.execPath, [CLI, 'passwd', file, 'BAD']).catch((e) => e);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/site id "BAD"/);
    },
  );
});
