import { type SipResponder, startSipResponder } from './sip-responder.js';
import { type SnmpAgentSim, type SnmpAgentSimOptions, startSnmpAgentSim } from './snmp-agent.js';
import { downCount } from './station-model.js';
import { type SimTrapKind, type SimTrapOptions, sendSimTrap } from './traps.js';

export type { SnmpAgentSim, SnmpAgentSimOptions } from './snmp-agent.js';
export { startSnmpAgentSim } from './snmp-agent.js';
export type { SimStation, StationMix } from './station-model.js';
export { buildStations, SIM_PHONE_TYPES } from './station-model.js';
export type { SimTrapKind, SimTrapOptions } from './traps.js';
export { SIM_TRAP_OIDS, sendSimTrap } from './traps.js';

/**
 * Options of {@link startPbxSim}: the SNMP agent's (`vendor: 'ipecs'` for an iPECS-like one), plus
 * which SIP transports the call server answers on and how many SIP stations answer OPTIONS.
 * @example
 * const o: PbxSimOptions = { count: 2400, sip: ['udp', 'tcp'] };
 * const ipecs: PbxSimOptions = { vendor: 'ipecs', sipStations: 8 };
 */
export interface PbxSimOptions extends Partial<SnmpAgentSimOptions> {
  /** SIP responders to start (default `['udp']`); `[]` for none. */
  sip?: ('udp' | 'tcp')[];
  /** SIP port (default 0: a free one each). A given port is shared by UDP and TCP. */
  sipPort?: number;
  /** SIP stations (iPECS phones watched by OPTIONS): one UDP responder each on a free port (default 0). */
  sipStations?: number;
}

/**
 * A running simulated PBX (IP Office-like, or iPECS-like): SNMP agent + SIP responder(s) + SIP
 * stations + trap sender.
 * @example
 * pbx.setSnmpAnswering(false); pbx.setSipMode('silent'); // the whole PBX is down
 */
export interface PbxSim {
  host: string;
  snmpPort: number;
  /** SIP UDP port, when started. */
  sipPort?: number;
  /** SIP TCP port, when started. */
  sipTcpPort?: number;
  snmp: SnmpAgentSim;
  sip: { udp?: SipResponder; tcp?: SipResponder };
  /** The SIP stations' UDP responders, in order (`sip:<n>@127.0.0.1:<port>` in a station list). */
  sipStations: SipResponder[];
  /** See {@link SnmpAgentSim.setStationsDown}: IP phones show 0.0.0.0. Returns the extensions set down. */
  setStationsDown(countOrRatio: number | { ratio: number } | { count: number }): string[];
  /**
   * SIP stations from the first go silent (a count, integer, or a ratio 0..1 of them); the others
   * answer 200. Returns the indexes set silent.
   */
  setSipStationsDown(countOrRatio: number | { ratio: number } | { count: number }): number[];
  /** `false`: SNMP requests are dropped (the agent times out). */
  setSnmpAnswering(answering: boolean): void;
  /** SIP responders: answer 200, stay silent, or answer with a status code. */
  setSipMode(mode: 'answer' | 'silent' | number): void;
  /** sysUpTime restarts from 0. */
  restart(): void;
  /** Sends an IPO-MIB (or standard) notification to a trap receiver. */
  sendTrap(kind: SimTrapKind, opts: SimTrapOptions): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the whole simulated PBX on 127.0.0.1 with free ports: an IP Office-like SNMP agent
 * (system group, ifTable, ipoPhonesTable) or an iPECS-like one (`vendor: 'ipecs'`), a SIP responder
 * answering OPTIONS, and `sipStations` SIP stations.
 * @example
 * const pbx = await startPbxSim({ count: 200, clock });
 * pbx.setStationsDown({ ratio: 0.8 });
 * await pbx.sendTrap('trunk-failure', { port: receiverPort, entity: 'Line 1' });
 * await pbx.close();
 * const ipecs = await startPbxSim({ vendor: 'ipecs', sipStations: 8 });
 * ipecs.setSipStationsDown(7);
 */
export async function startPbxSim(opts: PbxSimOptions = {}): Promise<PbxSim> {
  const host = opts.host ?? '127.0.0.1';
  const snmp = await startSnmpAgentSim({ ...opts, count: opts.count ?? 40, host });
  const sip: PbxSim['sip'] = {};
  const sipStations: SipResponder[] = [];
  const closeAll = () =>
    Promise.all([snmp.close(), sip.udp?.close(), sip.tcp?.close(), ...sipStations.map((s) => s.close())]);
  try {
    for (const transport of opts.sip ?? ['udp']) {
      sip[transport] = await startSipResponder({ transport, host, port: opts.sipPort ?? 0 });
    }
    for (let i = 0; i < (opts.sipStations ?? 0); i++)
      sipStations.push(await startSipResponder({ transport: 'udp', host }));
  } catch (err) {
    await closeAll();
    throw err;
  }
  return {
    host,
    snmpPort: snmp.port,
    sipPort: sip.udp?.port,
    sipTcpPort: sip.tcp?.port,
    snmp,
    sip,
    sipStations,
    setStationsDown: (n) => snmp.setStationsDown(n),
    setSipStationsDown(arg) {
      const n = downCount(arg, sipStations.length, 'SIP stations');
      for (const [i, s] of sipStations.entries()) s.setMode(i < n ? 'silent' : 'answer');
      return Array.from({ length: n }, (_, i) => i);
    },
    setSnmpAnswering: (a) => snmp.setSnmpAnswering(a),
    setSipMode(mode) {
      sip.udp?.setMode(mode);
      sip.tcp?.setMode(mode);
    },
    restart: () => snmp.restart(),
    sendTrap: (kind, o) => sendSimTrap(kind, { host, upTime: snmp.upTimeTicks(), ...o }),
    async close() {
      await closeAll();
    },
  };
}
export type { SnmpAgentSimProcess } from './sim-process.js';
export { startSnmpAgentSimProcess } from './sim-process.js';
