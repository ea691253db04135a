import { afterEach, describe, expect, it } from 'vitest';
import { type SnmpAgentSim, startSnmpAgentSim } from '../../../test/pbx-sim/index.js';
import { createSnmpPoller, type SnmpPollerOptions } from './poller.js';

// The poller against the simulated IP Office over real UDP on 127.0.0.1.
let sim: SnmpAgentSim | undefined;
const pollers: { stop(): void }[] = [];
afterEach(async () => {
  for (const p of pollers.splice(0)) p.stop();
  await sim?.close();
  sim = undefined;
});

function poller(o: Partial<SnmpPollerOptions> & Pick<SnmpPollerOptions, 'version'>) {
  const p = createSnmpPoller({
    host: '127.0.0.1',
    port: sim!.port,
    community: 'public',
    vendor: 'ipoffice',
    timeoutMs: 500,
    retries: 0,
    ...o,
  });
  pollers.push(p);
  p.start();
  return p;
}

describe('createSnmpPoller against the simulator', () => {
  const fakeNow = { t: 1_000_000, now: () => fakeNow.t };

  it.each(['1', '2c'] as const)('reads the system group and every station over v%s', async (version) => {
    sim = await startSnmpAgentSim({ count: 120, clock: fakeNow });
    fakeNow.t += 123_450; // sysUpTime follows the injected clock: 12345 ticks
    const r = await poller({ version }).poll();
    expect(r.error).toBeUndefined();
    expect(r).toMatchObject({
      answered: true,
      vendor: 'ipoffice',
      sysDescr: 'IP 500 V2 11.1.3.1.0 build 5',
      model: 'IP 500 V2',
      release: '11.1.3.1.0',
      build: 5,
      sysUpTimeS: 123.45,
      stationSource: 'ipo-phones-table',
    });
    expect(r.sysObjectId).toMatch(/^1\.3\.6\.1\.4\.1\.6889\.1\.2\./);
    expect(r.eligibility?.[0]?.ok).toBe(true);
    expect(r.stations).toHaveLength(120);
    const byKind = (k: string) => sim!.stations.filter((s) => s.kind === k).map((s) => String(s.extension));
    const connected = (c: boolean | null) => r.stations!.filter((s) => s.connected === c).map((s) => s.key);
    expect(connected(null).sort()).toEqual(byKind('analogue').sort());
    expect(connected(false).sort()).toEqual(byKind('none').sort());
    expect(connected(true).sort()).toEqual([...byKind('ip'), ...byKind('digital')].sort());
    const first = r.stations!.find((s) => s.key === String(sim!.stations[0]!.extension));
    expect(first).toMatchObject({ name: `Extension ${sim!.stations[0]!.extension}`, type: 'a9611ip' });
  });

  it('sees IP phones go down (0.0.0.0) and come back', async () => {
    sim = await startSnmpAgentSim({ count: 200 });
    const p = poller({ version: '2c', maxRepetitions: 7 });
    const down = sim.setStationsDown({ ratio: 0.8 });
    let r = await p.poll();
    const off = r.stations!.filter((s) => s.connected === false && s.type !== 'noPhone').map((s) => s.key);
    expect(off.sort()).toEqual(down.sort());
    expect(down.length).toBe(Math.round(0.8 * sim.stations.filter((s) => s.kind === 'ip').length));
    sim.setStationsDown(0);
    r = await p.poll();
    expect(r.stations!.filter((s) => s.connected === false && s.type !== 'noPhone')).toEqual([]);
  });

  it('asks for fewer rows when the PBX answers GETBULK with tooBig', async () => {
    sim = await startSnmpAgentSim({ count: 60, maxBulkVarbinds: 12 });
    const r = await poller({ version: '2c', maxRepetitions: 50 }).poll();
    expect(r.error).toBeUndefined();
    expect(r.stations).toHaveLength(60);
  });

  it('reports sysUpTime going backwards after restart(), without judging it', async () => {
    sim = await startSnmpAgentSim({ count: 5, clock: fakeNow });
    const p = poller({ version: '2c' });
    fakeNow.t += 500_000;
    const before = (await p.poll()).sysUpTimeS!;
    sim.restart();
    fakeNow.t += 2_000;
    const after = (await p.poll()).sysUpTimeS!;
    expect(before).toBe(500);
    expect(after).toBe(2);
  });

  it('answers false with a timeout error when the PBX stops answering', async () => {
    sim = await startSnmpAgentSim({ count: 5 });
    const p = poller({ version: '2c', timeoutMs: 200, retries: 1 });
    sim.setSnmpAnswering(false);
    const r = await p.poll();
    expect(r).toMatchObject({ answered: false, vendor: 'ipoffice' });
    expect(r.error).toMatch(/timeout/i);
    sim.setSnmpAnswering(true);
    expect((await p.poll()).answered).toBe(true);
  });

  it('never outlives its deadline, even when request timeouts are longer', async () => {
    sim = await startSnmpAgentSim({ count: 5 });
    sim.setSnmpAnswering(false);
    const r = await poller({ version: '2c', timeoutMs: 5_000, retries: 3, deadlineMs: 150 }).poll();
    expect(r).toMatchObject({ answered: false, error: 'deadline of 150 ms exceeded' });
  });

  it('a wrong community is a timeout too (the agent drops it), not a crash', async () => {
    sim = await startSnmpAgentSim({ count: 5 });
    const r = await poller({ version: '2c', community: 'wrong', timeoutMs: 150 }).poll();
    expect(r.answered).toBe(false);
  });

  it('shares one poll between concurrent callers and refuses to poll before start', async () => {
    sim = await startSnmpAgentSim({ count: 5 });
    const p = poller({ version: '2c' });
    const [a, b] = [p.poll(), p.poll()];
    expect(a).toBe(b);
    await a;
    const idle = createSnmpPoller({ host: '127.0.0.1', version: '2c', vendor: 'ipoffice' });
    expect(await idle.poll()).toMatchObject({ answered: false, error: 'poller not started' });
  });

  it('reads a custom station table described in config (ifTable as the example)', async () => {
    sim = await startSnmpAgentSim({
      count: 0,
      interfaces: [
        { name: 'st-100', up: true },
        { name: 'st-101', up: false },
      ],
    });
    const r = await poller({
      version: '2c',
      vendor: 'generic',
      customTable: { tableOid: '1.3.6.1.2.1.2.2.1', keyColumn: 2, statusColumn: 8, upValues: ['1'] },
    }).poll();
    expect(r.stationSource).toBe('custom-table');
    expect(r.stations).toEqual([
      { key: 'st-100', connected: true },
      { key: 'st-101', connected: false },
    ]);
  });

  it('iPECS profile reads MIB-II ifTable and the model and release', async () => {
    sim = await startSnmpAgentSim({
      count: 0,
      sysDescr: 'iPECS eMG800 Ver 3.1.2',
      hostResources: true,
      clock: fakeNow,
      interfaces: [
        { name: 'eth0', up: true },
        { name: 'eth1', up: false },
      ],
    });
    fakeNow.t += 7_000;
    const r = await poller({ version: '2c', vendor: 'ipecs' }).poll();
    expect(r).toMatchObject({ answered: true, model: 'eMG800', release: '3.1.2', hrSystemUptimeS: 7 });
    expect(r.eligibility?.[0]?.ok).toBe(true);
    expect(r.interfaces).toEqual([
      { index: 1, name: 'eth0', up: true },
      { index: 2, name: 'eth1', up: false },
    ]);
    expect(r.stations).toBeUndefined();
  });
});
