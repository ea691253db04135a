import { type SipResponder, startSipResponder } from './sip-responder.js';
import { type SnmpAgentSim, type SnmpAgentSimOptions, startSnmpAgentSim } from './snmp-agent.js';
import { type SimTrapKind, type SimTrapOptions, sendSimTrap } from './traps.js';

export type { SnmpAgentSim, SnmpAgentSimOptions } from './snmp-agent.js';
export { startSnmpAgentSim } from './snmp-agent.js';
export type { SimStation, StationMix } from './station-model.js';
export { buildStations, SIM_PHONE_TYPES } from './station-model.js';
export type { SimTrapKind, SimTrapOptions } from './traps.js';
export { SIM_TRAP_OIDS, sendSimTrap } from './traps.js';

/**
 * Options of {@link startPbxSim}: the SNMP agent's, plus which SIP transports to answer on.
 * @example
 * const o: PbxSimOptions = { count: 2400, sip: ['udp', 'tcp'] };
 */
export interface PbxSimOptions extends Partial<SnmpAgentSimOptions> {
  /** SIP responders to start (default `['udp']`); `[]` for none. */
  sip?: ('udp' | 'tcp')[];
  /** SIP port (default 0: a free one each). A given port is shared by UDP and TCP. */
  sipPort?: number;
}

/**
 * A running simulated IP Office: SNMP agent + SIP responder(s) + trap sender.
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
  /** See {@link SnmpAgentSim.setStationsDown}: IP phones show 0.0.0.0. Returns the extensions set down. */
  setStationsDown(countOrRatio: number | { ratio: number } | { count: number }): string[];
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
 * (system group, ifTable, ipoPhonesTable) and a SIP responder answering OPTIONS.
 * @example
 * const pbx = await startPbxSim({ count: 200, clock });
 * pbx.setStationsDown({ ratio: 0.8 });
 * await pbx.sendTrap('trunk-failure', { port: receiverPort, entity: 'Line 1' });
 * await pbx.close();
 */
export async function startPbxSim(opts: PbxSimOptions = {}): Promise<PbxSim> {
  const host = opts.host ?? '127.0.0.1';
  const snmp = await startSnmpAgentSim({ ...opts, count: opts.count ?? 40, host });
  const sip: PbxSim['sip'] = {};
  try {
    for (const transport of opts.sip ?? ['udp']) {
      sip[transport] = await startSipResponder({ transport, host, port: opts.sipPort ?? 0 });
    }
  } catch (err) {
    await Promise.all([snmp.close(), sip.udp?.close(), sip.tcp?.close()]);
    throw err;
  }
  return {
    host,
    snmpPort: snmp.port,
    sipPort: sip.udp?.port,
    sipTcpPort: sip.tcp?.port,
    snmp,
    sip,
    setStationsDown: (n) => snmp.setStationsDown(n),
    setSnmpAnswering: (a) => snmp.setSnmpAnswering(a),
    setSipMode(mode) {
      sip.udp?.setMode(mode);
      sip.tcp?.setMode(mode);
    },
    restart: () => snmp.restart(),
    sendTrap: (kind, o) => sendSimTrap(kind, { host, upTime: snmp.upTimeTicks(), ...o }),
    async close() {
      await Promise.all([snmp.close(), sip.udp?.close(), sip.tcp?.close()]);
    },
  };
}
export type { SnmpAgentSimProcess } from './sim-process.js';
export { startSnmpAgentSimProcess } from './sim-process.js';
