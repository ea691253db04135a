import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { sendSimTrap } from '../../../test/pbx-sim/index.js';
import type { TrapNotice } from '../poll/types.js';
import { createTrapReceiver, type TrapReceiver } from './trap-receiver.js';

const run = promisify(execFile);
const clock = { now: () => 1_700_000_000_000 };
let rx: TrapReceiver | undefined;
afterEach(async () => {
  await rx?.stop();
  rx = undefined;
});

async function receiver(communities?: string[]) {
  const got: TrapNotice[] = [];
  const waiters: (() => void)[] = [];
  rx = createTrapReceiver({
    port: 0,
    host: '127.0.0.1',
    communities,
    clock,
    onTrap: (t) => {
      got.push(t);
      waiters.shift()?.();
    },
  });
  const port = await rx.start();
  const next = () => new Promise<TrapNotice>((resolve) => waiters.push(() => resolve(got.at(-1)!)));
  return { port, got, next };
}

describe('createTrapReceiver with the simulator sending real UDP traps', () => {
  it.each(['1', '2c', '2c-inform'] as const)(
    'normalises an IPO trunk failure sent as v%s',
    async (version) => {
      const { port, next } = await receiver(['public']);
      const seen = next();
      await sendSimTrap('trunk-failure', {
        port,
        version,
        reason: 18,
        entity: 'Line 5',
        description: 'Line 5: loss of signal',
      });
      const t = await seen;
      expect(t).toMatchObject({
        kind: 'trunk-failure',
        trapOid: '1.3.6.1.4.1.6889.2.2.1.2.0.50',
        from: '127.0.0.1',
        receivedAt: clock.now(),
        severity: 3,
        reason: 18,
        trunk: 'Line 5',
        description: 'Line 5: loss of signal',
      });
      expect(t.varbinds.some((v) => v.oid === '1.3.6.1.4.1.6889.2.2.1.2.1.24.0' && v.value === '18')).toBe(
        true,
      );
    },
  );

  it.each([
    ['cold-start', 'cold-start'],
    ['warm-start', 'warm-start'],
    ['std-cold-start', 'cold-start'],
    ['trunk-operational', 'trunk-operational'],
    ['phone-change', 'phone-change'],
    ['service-failure', 'service-failure'],
    ['shutdown', 'shutdown'],
  ] as const)('maps %s to kind %s (v2c and v1)', async (sent, kind) => {
    const { port, next } = await receiver();
    for (const version of ['2c', '1'] as const) {
      const seen = next();
      await sendSimTrap(sent, { port, version });
      expect((await seen).kind).toBe(kind);
    }
  });

  it('counts malformed packets and refused communities, and keeps working', async () => {
    const { port, got, next } = await receiver(['public']);
    const sock = dgram.createSocket('udp4');
    const send = (b: Buffer) => new Promise((r) => sock.send(b, port, '127.0.0.1', r));
    await send(Buffer.from('not an snmp packet'));
    await send(Buffer.from([0x30, 0x82, 0xff, 0xff, 0x02, 0x01]));
    await send(Buffer.alloc(0));
    await sendSimTrap('cold-start', { port, community: 'intruder' });
    const seen = next();
    await sendSimTrap('trunk-failure', { port, entity: 'Line 2' });
    await seen;
    sock.close();
    const s = rx!.stats();
    expect(s.malformed).toBeGreaterThanOrEqual(2);
    expect(s.rejected).toBe(1);
    expect(s.received).toBe(1);
    expect(got.map((t) => t.trunk)).toEqual(['Line 2']);
  });

  it('a throwing onTrap is counted, not propagated', async () => {
    rx = createTrapReceiver({
      port: 0,
      host: '127.0.0.1',
      clock,
      onTrap: () => {
        throw new Error('boom');
      },
    });
    const port = await rx.start();
    await sendSimTrap('cold-start', { port, version: '2c-inform' }); // acked: the receiver processed it
    expect(rx.stats()).toMatchObject({ received: 1, handlerErrors: 1 });
  });

  it('start() rejects when the port is taken', async () => {
    const { port } = await receiver();
    const other = createTrapReceiver({ port, host: '127.0.0.1', clock, onTrap: () => {} });
    await expect(other.start()).rejects.toThrow(/EADDRINUSE/);
  });
});

describe.skipIf(!existsSync('/usr/bin/snmptrap'))('createTrapReceiver with Net-SNMP snmptrap', () => {
  it('receives a v2c IPO trunk trap from snmptrap', async () => {
    const { port, next } = await receiver(['public']);
    const seen = next();
    await run('snmptrap', [
      '-v2c',
      '-c',
      'public',
      `127.0.0.1:${port}`,
      '',
      '1.3.6.1.4.1.6889.2.2.1.2.0.51',
      '1.3.6.1.4.1.6889.2.2.1.2.1.9.0',
      'i',
      '1',
      '1.3.6.1.4.1.6889.2.2.1.2.1.26.0',
      's',
      'Trunk 7 in service',
    ]);
    expect(await seen).toMatchObject({
      kind: 'trunk-operational',
      severity: 1,
      trunk: 'Trunk 7',
      description: 'Trunk 7 in service',
    });
  });

  it('receives a v1 enterprise-specific trap (RFC 3584 §3.1 OID) and a v1 coldStart', async () => {
    const { port, next } = await receiver(['public']);
    let seen = next();
    await run('snmptrap', [
      '-v1',
      '-c',
      'public',
      `127.0.0.1:${port}`,
      '1.3.6.1.4.1.6889.2.2.1.2',
      '127.0.0.1',
      '6',
      '50',
      '',
      '1.3.6.1.4.1.6889.2.2.1.2.1.24.0',
      'i',
      '19',
    ]);
    expect(await seen).toMatchObject({
      kind: 'trunk-failure',
      trapOid: '1.3.6.1.4.1.6889.2.2.1.2.0.50',
      reason: 19,
    });
    seen = next();
    await run('snmptrap', ['-v1', '-c', 'public', `127.0.0.1:${port}`, '', '127.0.0.1', '0', '0', '']);
    expect(await seen).toMatchObject({ kind: 'cold-start', trapOid: '1.3.6.1.6.3.1.1.5.1' });
  });

  it('acknowledges an inform from snmpinform', async () => {
    const { port, next } = await receiver(['public']);
    const seen = next();
    // snmpinform exits 0 only after our acknowledgement arrives.
    await run('snmpinform', [
      '-v2c',
      '-c',
      'public',
      '-t',
      '2',
      '-r',
      '0',
      `127.0.0.1:${port}`,
      '',
      '1.3.6.1.6.3.1.1.5.2',
    ]);
    expect((await seen).kind).toBe('warm-start');
  });
});
