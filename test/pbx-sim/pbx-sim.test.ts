import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrapNotice } from '../../agent/src/poll/types.js';
import { createSnmpPoller } from '../../agent/src/snmp/poller.js';
import { openSnmpSession } from '../../agent/src/snmp/session.js';
import { createTrapReceiver } from '../../agent/src/traps/trap-receiver.js';
import { type PbxSim, startPbxSim, startSnmpAgentSimProcess } from './index.js';

let pbx: PbxSim | undefined;
afterEach(async () => {
  await pbx?.close();
  pbx = undefined;
});

function sipOptions(port: number): Promise<string | null> {
  const sock = dgram.createSocket('udp4');
  const msg = [
    'OPTIONS sip:pbx@127.0.0.1 SIP/2.0',
    'Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKsimtest1;rport',
    'Max-Forwards: 70',
    'From: <sip:probe@127.0.0.1>;tag=1',
    'To: <sip:pbx@127.0.0.1>',
    'Call-ID: simtest-1@127.0.0.1',
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sock.close();
      resolve(null);
    }, 300);
    sock.on('message', (b) => {
      clearTimeout(timer);
      sock.close();
      resolve(b.toString());
    });
    sock.send(msg, port, '127.0.0.1');
  });
}

describe('startPbxSim', () => {
  it('serves SNMP and SIP, and its controls act on both', async () => {
    const clock = { t: 0, now: () => clock.t };
    pbx = await startPbxSim({ count: 30, clock });
    expect(await sipOptions(pbx.sipPort!)).toMatch(/^SIP\/2\.0 200/);
    pbx.setSipMode('silent');
    expect(await sipOptions(pbx.sipPort!)).toBeNull();
    pbx.setSipMode(503);
    expect(await sipOptions(pbx.sipPort!)).toMatch(/^SIP\/2\.0 503/);

    const poller = createSnmpPoller({
      host: pbx.host,
      port: pbx.snmpPort,
      version: '2c',
      vendor: 'ipoffice',
    });
    poller.start();
    clock.t = 60_000;
    expect((await poller.poll()).sysUpTimeS).toBe(60);
    const down = pbx.setStationsDown({ count: 3 });
    const r = await poller.poll();
    expect(r.stations?.filter((s) => down.includes(s.key)).every((s) => s.connected === false)).toBe(true);
    poller.stop();
  });

  it('sendTrap carries the simulated sysUpTime to a real trap receiver', async () => {
    const clock = { t: 0, now: () => clock.t };
    pbx = await startPbxSim({ count: 1, clock, sip: [] });
    const got: TrapNotice[] = [];
    const rx = createTrapReceiver({ port: 0, host: '127.0.0.1', clock, onTrap: (t) => got.push(t) });
    const port = await rx.start();
    clock.t = 5_000;
    await pbx.sendTrap('cold-start', { port, version: '2c-inform' });
    await rx.stop();
    expect(got).toHaveLength(1);
    expect(got[0]?.kind).toBe('cold-start');
  });

  it('its GETNEXT index walks the whole MIB in order (v1 and v2c)', async () => {
    pbx = await startPbxSim({ count: 25, sip: [] });
    for (const version of ['1', '2c'] as const) {
      const s = openSnmpSession({ host: pbx.host, port: pbx.snmpPort, version, maxRepetitions: 9 });
      if (!s.ok) throw new Error(s.error);
      const w = await s.value.walkColumns(['1.3.6.1']);
      s.value.close();
      if (!w.ok) throw new Error(w.error);
      const oids = [...w.value.get('1.3.6.1')!.keys()].map((instance) => `1.3.6.1.${instance}`);
      // 6 system scalars, ifNumber, 2 interfaces × 4 columns, ipoPhonesNumber, 25 rows × 11 columns.
      expect(oids).toHaveLength(6 + 1 + 8 + 1 + 25 * 11);
      expect(oids[0]).toBe('1.3.6.1.2.1.1.1.0');
      expect(oids.at(-1)).toBe('1.3.6.1.4.1.6889.2.2.1.1.1.1.1.2.1.11.25');
      expect(oids.indexOf('1.3.6.1.4.1.6889.2.2.1.1.1.1.1.2.1.10.1')).toBe(16 + 25 * 9);
    }
  });

  it("vendor 'ipecs' serves MIB-II and HOST-RESOURCES only, as the iPECS profile reads it; SIP stations answer or go silent", async () => {
    pbx = await startPbxSim({ vendor: 'ipecs', sipStations: 3 });
    const poller = createSnmpPoller({ host: pbx.host, port: pbx.snmpPort, version: '2c', vendor: 'ipecs' });
    poller.start();
    const r = await poller.poll();
    poller.stop();
    expect(r).toMatchObject({ answered: true, model: 'eMG800', release: '3.1.2', vendor: 'ipecs' });
    expect(r.error).toBeUndefined();
    expect(r.eligibility?.every((e) => e.ok)).toBe(true);
    expect(r.interfaces).toEqual([
      { index: 1, name: 'LAN1', up: true },
      { index: 2, name: 'LAN2', up: false },
    ]);
    expect(r.hrSystemUptimeS).toBeTypeOf('number');
    const s = openSnmpSession({ host: pbx.host, port: pbx.snmpPort, version: '2c' });
    if (!s.ok) throw new Error(s.error);
    const w = await s.value.walkColumns(['1.3.6.1.4.1']);
    s.value.close();
    if (!w.ok) throw new Error(w.error);
    expect(w.value.get('1.3.6.1.4.1')?.size).toBe(0); // no IPO-PHONES-MIB, no enterprise MIB at all

    expect(pbx.setSipStationsDown({ ratio: 0.7 })).toEqual([0, 1]);
    const answers = await Promise.all(pbx.sipStations.map((st) => sipOptions(st.port)));
    expect(answers.map((a) => a?.slice(0, 11) ?? null)).toEqual([null, null, 'SIP/2.0 200']);
    pbx.setSipStationsDown(0);
    expect(await sipOptions(pbx.sipStations[0]!.port)).toMatch(/^SIP\/2\.0 200/);
  });
});

describe('startSnmpAgentSimProcess', () => {
  it('runs the agent in a child process, controlled over IPC', async () => {
    const sim = await startSnmpAgentSimProcess({ count: 40 });
    try {
      const poller = createSnmpPoller({ host: sim.host, port: sim.port, version: '2c', vendor: 'ipoffice' });
      poller.start();
      const down = await sim.setStationsDown({ ratio: 0.5 });
      const r = await poller.poll();
      const off = r.stations!.filter((s) => s.connected === false && s.type !== 'noPhone').map((s) => s.key);
      expect(off.sort()).toEqual(down.sort());
      await sim.setSnmpAnswering(false);
      poller.stop();
      const p2 = createSnmpPoller({
        host: sim.host,
        port: sim.port,
        version: '2c',
        vendor: 'ipoffice',
        timeoutMs: 150,
        retries: 0,
      });
      p2.start();
      expect((await p2.poll()).answered).toBe(false);
      p2.stop();
    } finally {
      await sim.close();
    }
  });
});
