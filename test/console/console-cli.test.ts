import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

// The bin runs from dist (npm test builds first), as it does in production.
const CLI = fileURLToPath(new URL('../../console/dist/cli/console-cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pbxwatch-cli-'));
const env = {
  ...process.env,
  PBXWATCH_DATA_DIR: dir,
  PBXWATCH_HTTP_HOST: '127.0.0.1',
  PBXWATCH_HTTP_PORT: '0',
  PBXWATCH_MQTT_HOST: '127.0.0.1',
  PBXWATCH_MQTT_PORT: '0',
};
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the console until it reports started, stops it, returns its stdout. */
async function startAndStop(): Promise<string> {
  const proc = spawn(process.execPath, [CLI, 'run'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => {
    out += d;
  });
  await new Promise<void>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    const check = () => (out.includes('"console started"') ? resolve() : setTimeout(check, 50));
    check();
  });
  proc.removeAllListeners('exit');
  await new Promise((resolve) => {
    proc.once('exit', resolve);
    proc.kill('SIGTERM');
  });
  return out;
}

describe('pbxwatch-console bin', () => {
  it('rejects a bad config naming the field', () => {
    const r = spawnSync(process.execPath, [CLI, 'run'], {
      env: { ...env, PBXWATCH_HTTP_PORT: 'eighty' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/http\.port/);
  });

  it('starts, prints first-start credentials once, serves the API, backs up online, stops on SIGTERM', async () => {
    const proc = spawn(process.execPath, [CLI, 'run'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
    });
    const started = await new Promise<{ httpPort: number }>((resolve, reject) => {
      proc.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      const check = () => {
        const line = out.split('\n').find((l) => l.includes('"console started"'));
        if (line) resolve(JSON.parse(line));
        else setTimeout(check, 50);
      };
      check();
    });
    const token = /API token:\s+(\S+)/.exec(out)?.[1];
    expect(token).toMatch(/^pbxw_/);
    const me = await fetch(`http://127.0.0.1:${started.httpPort}/api/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await me.json()).toEqual({ kind: 'token', name: 'admin (first start)', role: 'admin' });

    const backup = join(dir, 'backup.sqlite');
    const b = spawnSync(process.execPath, [CLI, 'backup', backup], { env, encoding: 'utf8' });
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);
    const copy = new Database(backup, { readonly: true });
    expect(
      (copy.prepare("SELECT COUNT(*) AS n FROM api_tokens WHERE role = 'admin'").get() as { n: number }).n,
    ).toBe(1);
    expect(
      (copy.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n,
    ).toBeGreaterThan(1);
    copy.close();

    const code = await new Promise<number | null>((resolve) => {
      proc.removeAllListeners('exit');
      proc.once('exit', resolve);
      proc.kill('SIGTERM');
    });
    expect(code).toBe(0);
    child = undefined;
    // A second start finds the admin and prints no credentials.
    const second = await startAndStop();
    expect(second).toContain('"console started"');
    expect(second).not.toContain('shown ONCE');
  });
});
