import { type ChildProcess, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Path of Debian's snmpd, or undefined when it is not installed.
 * @example
 * describe.skipIf(!SNMPD)('interop', () => {});
 */
export const SNMPD = ['/usr/sbin/snmpd', '/usr/bin/snmpd'].find((p) => existsSync(p));

/**
 * The v3 users the generated config creates (RFC 3414 USM; Net-SNMP `createUser`).
 * @example
 * openSnmpSession({ host: '127.0.0.1', port, version: '3', user: SNMPD_USERS.shaAes });
 */
export const SNMPD_USERS = {
  shaAes: {
    name: 'pbxsha',
    authProtocol: 'sha',
    authKey: 'authpass-sha1',
    privProtocol: 'aes',
    privKey: 'privpass-aes1',
  },
  md5Aes: {
    name: 'pbxmd5',
    authProtocol: 'md5',
    authKey: 'authpass-md51',
    privProtocol: 'aes',
    privKey: 'privpass-aes2',
  },
  shaDes: {
    name: 'pbxdes',
    authProtocol: 'sha',
    authKey: 'authpass-sha2',
    privProtocol: 'des',
    privKey: 'privpass-des1',
  },
} as const;

/**
 * A running snmpd on 127.0.0.1.
 * @example
 * const d: SnmpdInstance = await startSnmpd(); await d.stop();
 */
export interface SnmpdInstance {
  port: number;
  sysDescr: string;
  stop(): Promise<void>;
}

async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * Starts a real Net-SNMP snmpd in the foreground on a free high port, with a generated config
 * (community `public`, three authPriv users) and its persistent state in a temp dir, so
 * /var/lib/snmp is never touched. Resolves once snmpd logs that it is up.
 * @example
 * const d = await startSnmpd();
 * // … query 127.0.0.1:d.port …
 * await d.stop();
 */
export async function startSnmpd(): Promise<SnmpdInstance> {
  if (!SNMPD) throw new Error('snmpd is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'pbxwatch-snmpd-'));
  const port = await freeUdpPort();
  const sysDescr = 'pbxwatch interop snmpd';
  const users = Object.values(SNMPD_USERS).flatMap((u) => [
    `createUser ${u.name} ${u.authProtocol.toUpperCase()} "${u.authKey}" ${u.privProtocol.toUpperCase()} "${u.privKey}"`,
    `rouser ${u.name} priv`,
  ]);
  const conf = join(dir, 'snmpd.conf');
  writeFileSync(
    conf,
    [
      `agentAddress udp:127.0.0.1:${port}`,
      'rocommunity public 127.0.0.1',
      ...users,
      `sysDescr ${sysDescr}`,
      'sysLocation lab',
      'sysContact noc@example.net',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(SNMPD, ['-f', '-Lo', '-C', '-c', conf, '-p', join(dir, 'snmpd.pid')], {
    env: { ...process.env, SNMP_PERSISTENT_DIR: dir, MIBS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`snmpd did not start:\n${log}`)), 10_000);
    const onData = (b: Buffer) => {
      log += b.toString();
      if (/NET-SNMP version/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`snmpd exited with ${code}:\n${log}`));
    });
  });
  return {
    port,
    sysDescr,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
