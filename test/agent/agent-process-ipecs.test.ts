/**
 * The built agent with the iPECS profile, as a process: MIB-II and HOST-RESOURCES from an
 * iPECS-like simulator, SIP OPTIONS to the call server and to each listed station (every station
 * a real UDP SIP peer), events to a test console through a real aedes broker over TCP.
 */
import type { EventMessage, TelemetryMessage } from '@pbxwatch/core/protocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, startTestConsole, until } from '../../agent/src/publish/test-helpers/mqtt-peers.js';
import { startPbxSim } from '../pbx-sim/index.js';
import { buildAgent, SITE, spawnAgent, tempDir, watchTelemetry, writeAgentConfig } from './agent-fixtures.js';

const STATIONS = 8;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

beforeAll(() => buildAgent());

/** One delivery per event id (QoS 1 may deliver twice), in order. */
const unique = (ds: EventMessage[]) => [...new Map(ds.map((d) => [d.id, d])).values()];

describe('the built agent, iPECS profile, as a process', () => {
  it('raises stations P1 when more than 75% of the listed SIP stations stop answering OPTIONS, and clears it', async () => {
    const tmp = tempDir('pbxw-agent-ipecs-');
    cleanups.push(tmp.remove);
    const pbx = await startPbxSim({ vendor: 'ipecs', sipStations: STATIONS });
    cleanups.push(() => pbx.close());
    const broker = await startTestBroker();
    cleanups.push(() => broker.down());
    const con = await startTestConsole(broker.url(), SITE);
    cleanups.push(() => con.close());
    const tel = await watchTelemetry(broker.url(), SITE);
    cleanups.push(() => tel.close());
    const stations = pbx.sipStations.map((s, i) => ({
      extension: String(300 + i),
      name: `Desk ${i + 1}`,
      uri: `sip:${300 + i}@127.0.0.1:${s.port}`,
    }));
    const agent = spawnAgent(writeAgentConfig(tmp.dir, pbx, broker.url(), { vendor: 'ipecs', stations }));
    cleanups.push(() => agent.kill());
    await agent.waitLog('connected to broker');

    // All up: more polls than raiseAfter, every one reading the iPECS over SNMP and the call server
    // and all eight stations over SIP; no event at all.
    const allUp = (m: TelemetryMessage) => m.pbx.snmp && m.pbx.sip && m.stations?.connected === STATIONS;
    await until(() => tel.messages.filter(allUp).length >= 3, 10_000, 'three polls with every station up');
    expect(tel.messages.find(allUp)).toMatchObject({
      pbx: { vendor: 'ipecs', model: 'eMG800', release: '3.1.2' },
      stations: { connected: STATIONS, monitored: STATIONS, unmonitored: 0, source: 'sip-options' },
    });
    expect(tel.messages.find(allUp)?.eligibility?.every((e) => e.ok)).toBe(true);
    expect(con.deliveries).toEqual([]);

    // 7 of 8 silent (87.5%, strictly more than 75%): P1.
    const silent = pbx.setSipStationsDown(7).map((i) => stations[i]!.extension);
    await until(() => con.deliveries.some((d) => d.condition === 'stations'), 15_000, 'stations raised');
    const raised = con.deliveries.find((d) => d.condition === 'stations');
    expect(raised).toMatchObject({
      change: 'raised',
      priority: 'P1',
      detail: { monitored: STATIONS, notConnected: 7, source: 'sip-options', expectedFrom: 'config' },
    });
    expect([...(raised!.detail.down as string[])].sort()).toEqual(silent.sort());

    pbx.setSipStationsDown(0);
    await until(
      () => con.deliveries.some((d) => d.condition === 'stations' && d.change === 'cleared'),
      15_000,
      'stations cleared',
    );
    // Only the stations condition moved (the call server and SNMP answered throughout). A poll
    // caught mid-switch could read a P2 share and add an `updated`; raised and cleared are exact.
    const changes = unique(con.deliveries)
      .filter((d) => d.change !== 'updated')
      .map((d) => [d.condition, d.change]);
    expect(changes).toEqual([
      ['stations', 'raised'],
      ['stations', 'cleared'],
    ]);
    const cleared = con.deliveries.find((d) => d.change === 'cleared');
    expect(cleared).toMatchObject({ detail: { notConnected: 0 }, detectedAt: raised?.detectedAt });

    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
  });
});
