import { execFile } from 'node:child_process';
import { createCipheriv } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnmpPoller } from '../../agent/src/snmp/poller.js';
import { openSnmpSession, type SnmpTargetOptions } from '../../agent/src/snmp/session.js';
import { SNMPD, SNMPD_USERS, type SnmpdInstance, startSnmpd } from './snmpd-harness.js';

// Our SNMP client against Debian's Net-SNMP snmpd: v1 (GETNEXT), v2c (GETBULK), v3 authPriv.
const run = promisify(execFile);
const IF_DESCR = '1.3.6.1.2.1.2.2.1.2';
const IF_OPER = '1.3.6.1.2.1.2.2.1.8';
const SYSTEM = ['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.2.0', '1.3.6.1.2.1.1.3.0'];

function desInProcess(): boolean {
  try {
    createCipheriv('des-cbc', Buffer.alloc(8), Buffer.alloc(8));
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!SNMPD)('interop with Net-SNMP snmpd (skipped only when snmpd is not installed)', () => {
  let d: SnmpdInstance;
  let expectedIfDescr: string[];
  beforeAll(async () => {
    d = await startSnmpd();
    // The reference: what Net-SNMP's own snmpbulkwalk reads from the same agent.
    const { stdout } = await run('snmpbulkwalk', [
      '-v2c',
      '-c',
      'public',
      '-On',
      '-Oqv',
      `127.0.0.1:${d.port}`,
      IF_DESCR,
    ]);
    expectedIfDescr = stdout
      .trim()
      .split('\n')
      .map((l) => l.replace(/^"|"$/g, ''));
  });
  afterAll(async () => {
    await d?.stop();
  });

  const targets: [string, Omit<SnmpTargetOptions, 'host' | 'port'>][] = [
    ['v1 community (GETNEXT)', { version: '1', community: 'public' }],
    ['v2c community (GETBULK)', { version: '2c', community: 'public', maxRepetitions: 3 }],
    ['v3 authPriv SHA/AES', { version: '3', user: SNMPD_USERS.shaAes }],
    ['v3 authPriv MD5/AES', { version: '3', user: SNMPD_USERS.md5Aes }],
  ];

  it.each(targets)('%s: system group and an ifTable column walk', async (_label, t) => {
    const opened = openSnmpSession({ host: '127.0.0.1', port: d.port, timeoutMs: 1500, retries: 1, ...t });
    if (!opened.ok) throw new Error(opened.error);
    const s = opened.value;
    try {
      const sys = await s.get(SYSTEM);
      if (!sys.ok) throw new Error(sys.error);
      expect(sys.value[0]?.value).toBe(d.sysDescr);
      expect(sys.value[1]?.value).toMatch(/^1\.3\.6\.1\.4\.1\.8072\./); // NET-SNMP-MIB netSnmpAgentOIDs
      expect(typeof sys.value[2]?.value).toBe('number');
      const walk = await s.walkColumns([IF_DESCR, IF_OPER]);
      if (!walk.ok) throw new Error(walk.error);
      expect([...(walk.value.get(IF_DESCR)?.values() ?? [])]).toEqual(expectedIfDescr);
      expect(walk.value.get(IF_OPER)?.size).toBe(expectedIfDescr.length);
      expect([...(walk.value.get(IF_OPER)?.values() ?? [])].every((v) => typeof v === 'number')).toBe(true);
    } finally {
      s.close();
    }
  });

  it('the poller (iPECS profile) reads the system group and interfaces from snmpd', async () => {
    const p = createSnmpPoller({
      host: '127.0.0.1',
      port: d.port,
      version: '2c',
      vendor: 'ipecs',
      timeoutMs: 1500,
    });
    p.start();
    const r = await p.poll();
    p.stop();
    expect(r).toMatchObject({ answered: true, sysDescr: d.sysDescr, vendor: 'ipecs' });
    expect(r.interfaces?.map((i) => i.name)).toEqual(expectedIfDescr);
    expect(r.interfaces?.find((i) => i.name === 'lo')?.up).toBe(true);
    expect(r.sysUpTimeS).toBeGreaterThanOrEqual(0);
  });

  it('a wrong v3 auth key is an error value, not a hang or a throw', async () => {
    const opened = openSnmpSession({
      host: '127.0.0.1',
      port: d.port,
      version: '3',
      timeoutMs: 500,
      retries: 0,
      user: { ...SNMPD_USERS.shaAes, authKey: 'wrong-password' },
    });
    if (!opened.ok) throw new Error(opened.error);
    const r = await opened.value.get(SYSTEM);
    opened.value.close();
    expect(r.ok).toBe(false);
  });

  it('v3 DES privacy: a clear error in-process when OpenSSL lacks DES', async () => {
    const opened = openSnmpSession({
      host: '127.0.0.1',
      port: d.port,
      version: '3',
      user: SNMPD_USERS.shaDes,
    });
    if (desInProcess()) {
      expect(opened.ok).toBe(true);
      if (opened.ok) opened.value.close();
    } else {
      expect(opened).toEqual({
        ok: false,
        error: 'snmp v3 DES privacy unavailable: run node with --openssl-legacy-provider',
      });
    }
  });

  it('v3 SHA/DES works with --openssl-legacy-provider (separate node process)', async () => {
    const child = fileURLToPath(new URL('./snmp-session-child.ts', import.meta.url));
    const target = {
      host: '127.0.0.1',
      port: d.port,
      version: '3',
      user: SNMPD_USERS.shaDes,
      timeoutMs: 1500,
    };
    const { stdout } = await run(
      process.execPath,
      ['--openssl-legacy-provider', '--import', 'tsx', child, JSON.stringify(target)],
      {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
      },
    );
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({
      ok: true,
      sysDescr: d.sysDescr,
      ifDescr: expectedIfDescr,
    });
  });
});
