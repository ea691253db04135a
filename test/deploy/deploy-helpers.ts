/**
 * Shared helpers of the deploy tests: paths, running the install script and systemd-analyze, and
 * snapshots of an installed tree.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
/** The gateway install script under test. */
export const INSTALL_SCRIPT = join(REPO, 'deploy/install-agent.sh');
/** The unit files under test. */
export const UNIT_DIR = join(REPO, 'deploy/systemd');
export const EXAMPLES = join(REPO, 'deploy/examples');

/** Outcome of a child process. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command synchronously and collects its output (never throws on a non-zero exit).
 * @example
 * const r = run('bash', ['-n', INSTALL_SCRIPT]); // r.code === 0
 */
export function run(cmd: string, args: string[], env: Record<string, string> = {}, cwd = REPO): RunResult {
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs `deploy/install-agent.sh` with the given arguments.
 * @example
 * const r = installAgent(['--root', root, '--bundle', bundle]);
 */
export function installAgent(args: string[]): RunResult {
  return run('bash', [INSTALL_SCRIPT, ...args]);
}

/**
 * A fresh temporary directory; `cleanup()` removes it.
 * @example
 * const t = tempDir('gw'); ...; t.cleanup();
 */
export function tempDir(prefix: string): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), `pbxwatch-${prefix}-`));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** One entry of a {@link snapshot}: type, permission bits and, for files, a content hash. */
export interface TreeEntry {
  type: 'dir' | 'file' | 'link';
  mode: string;
  sha256?: string;
}

/**
 * Every path under `root` with its type, mode (octal) and content hash, for idempotence checks.
 * @example
 * expect(snapshot(root)).toEqual(before);
 */
export function snapshot(root: string): Record<string, TreeEntry> {
  const out: Record<string, TreeEntry> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = lstatSync(p);
      const mode = (st.mode & 0o7777).toString(8).padStart(4, '0');
      const rel = relative(root, p);
      if (st.isSymbolicLink()) out[rel] = { type: 'link', mode };
      else if (st.isDirectory()) {
        out[rel] = { type: 'dir', mode };
        walk(p);
      } else
        out[rel] = { type: 'file', mode, sha256: createHash('sha256').update(readFileSync(p)).digest('hex') };
    }
  };
  walk(root);
  return out;
}

/**
 * Permission bits of a path as an octal string such as `0640`.
 * @example
 * modeOf('/etc/pbxwatch/agent.yaml'); // '0640'
 */
export function modeOf(path: string): string {
  return (lstatSync(path).mode & 0o7777).toString(8).padStart(4, '0');
}

/** Result of {@link verifyUnit}: `ok` only when systemd-analyze exits 0 and says nothing. */
export interface VerifyResult {
  ok: boolean;
  code: number | null;
  output: string;
}

/**
 * `systemd-analyze verify` on one unit file. systemd-analyze exits 0 on many defects it only warns
 * about ("Unknown key ..., ignoring", "Failed to parse service type, ignoring"), so any output at
 * all counts as a failure: a clean unit produces none.
 * @example
 * expect(verifyUnit('/tmp/u/pbxwatch-agent.service').ok).toBe(true);
 */
export function verifyUnit(unitPath: string): VerifyResult {
  const r = run('systemd-analyze', ['verify', '--man=no', unitPath], {
    SYSTEMD_LOG_COLOR: '0',
    SYSTEMD_PAGER: '',
  });
  const output = (r.stdout + r.stderr).trim();
  return { ok: r.code === 0 && output === '', code: r.code, output };
}

/**
 * Values of `Key=` lines of a unit file, in order (later lines win in systemd; lists accumulate).
 * @example
 * unitValues(text, 'Type'); // ['notify']
 */
export function unitValues(unitText: string, key: string): string[] {
  return unitText
    .split('\n')
    .filter((l) => l.startsWith(`${key}=`))
    .map((l) => l.slice(key.length + 1).trim());
}
