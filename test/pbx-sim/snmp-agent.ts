import snmp from 'net-snmp';
import { installFastMib } from './fast-mib.js';
import { buildStations, downCount, type SimStation, type StationMix, shownAddress } from './station-model.js';
import { gatedDgram } from './udp-socket.js';

const RO = snmp.MaxAccess['read-only'];
const T = snmp.ObjectType;
const IPO_PHONES_ENTRY = '1.3.6.1.4.1.6889.2.2.1.1.1.1.1.2.1';
/** System group defaults by vendor. The iPECS enterprise OID is a placeholder, as in the example config. */
const SYSTEM_DEFAULTS = {
  ipoffice: { sysDescr: 'IP 500 V2 11.1.3.1.0 build 5', sysObjectId: '1.3.6.1.4.1.6889.1.2.1.1.2' },
  ipecs: { sysDescr: 'iPECS eMG800 Ver 3.1.2', sysObjectId: '1.3.6.1.4.1.572.1' },
} as const;

/**
 * Options of {@link startSnmpAgentSim}.
 * @example
 * const o: SnmpAgentSimOptions = { count: 100, sysDescr: 'IP 500 V2 9.1.0.0 build 437', clock };
 */
export interface SnmpAgentSimOptions extends StationMix {
  /**
   * `ipoffice` (default): the IP Office MIBs. `ipecs`: an iPECS-like agent, MIB-II system group and
   * ifTable plus HOST-RESOURCES, an iPECS sysDescr, and no station MIB (`count` is ignored).
   */
  vendor?: 'ipoffice' | 'ipecs';
  /** 127.0.0.1 unless given. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Read communities (default `['public']`). */
  communities?: string[];
  /** SNMPv3 users the agent accepts (net-snmp user objects). */
  users?: snmp.User[];
  sysDescr?: string;
  sysObjectId?: string;
  sysName?: string;
  /** Wall clock driving sysUpTime; tests pass a fake one. */
  clock?: { now(): number };
  /** Interfaces for MIB-II ifTable (default one `LAN1` up, one `LAN2` down). */
  interfaces?: { name: string; up: boolean }[];
  /** Also serve HOST-RESOURCES hrSystemUptime (default: only for `vendor: 'ipecs'`). */
  hostResources?: boolean;
  /**
   * Answer a GETBULK asking for more than this many varbinds with tooBig, as a PBX with a small
   * maximum message size does (RFC 3416 §4.2.3). Unlimited by default.
   */
  maxBulkVarbinds?: number;
}

/**
 * A running simulated PBX SNMP agent.
 * @example
 * sim.restart(); sim.upTimeTicks(); // 0
 */
export interface SnmpAgentSim {
  port: number;
  host: string;
  stations: readonly SimStation[];
  /** Marks IP phones down (0.0.0.0) from the first: a count (integer) or a ratio (0..1) of the IP phones. */
  setStationsDown(countOrRatio: number | { ratio: number } | { count: number }): string[];
  setSnmpAnswering(answering: boolean): void;
  /** sysUpTime starts again at 0, as after a reboot. */
  restart(): void;
  /** sysUpTime in TimeTicks (1/100 s) now. */
  upTimeTicks(): number;
  setSysDescr(text: string): void;
  close(): Promise<void>;
}

/**
 * Starts an IP Office-like SNMP agent (net-snmp Agent over real UDP): system group, ifTable,
 * ipoPhonesNumber and ipoPhonesTable (all 11 columns); with `vendor: 'ipecs'`, an iPECS-like one
 * (system group, ifTable, hrSystemUptime, no station table).
 * @example
 * const sim = await startSnmpAgentSim({ count: 50 });
 * const ipecs = await startSnmpAgentSim({ count: 0, vendor: 'ipecs' });
 * sim.setStationsDown({ ratio: 0.5 });
 * await sim.close();
 */
export async function startSnmpAgentSim(o: SnmpAgentSimOptions): Promise<SnmpAgentSim> {
  const host = o.host ?? '127.0.0.1';
  const clock = o.clock ?? { now: () => Date.now() };
  let bootAt = clock.now();
  const upTimeTicks = () => Math.max(0, Math.floor((clock.now() - bootAt) / 10)) % 2 ** 32;
  const vendor = o.vendor ?? 'ipoffice';
  const defaults = SYSTEM_DEFAULTS[vendor];
  const stations = vendor === 'ipecs' ? [] : buildStations(o);
  const gate = gatedDgram(o.port ?? 0, host);
  const agent = snmp.createAgent(
    {
      port: 161, // ignored: gatedDgram binds the requested port
      address: host,
      dgramModule: gate.module,
      disableAuthorization: false,
    },
    () => {
      // Request errors (bad community, malformed packet) are the manager's problem, not the sim's.
    },
  );
  const auth = agent.getAuthorizer();
  for (const c of o.communities ?? ['public']) auth.addCommunity(c);
  for (const u of o.users ?? []) auth.addUser(u);
  const mib = agent.getMib();

  const scalar = (name: string, oid: string, type: number, value: unknown, handler?: (r: MibReq) => void) => {
    mib.registerProvider({
      name,
      type: snmp.MibProviderType.Scalar,
      oid,
      scalarType: type,
      maxAccess: RO,
      handler,
    });
    mib.setScalarValue(name, value);
  };
  type MibReq = { instanceNode: { value: unknown }; done: () => void };
  const liveTicks = (r: MibReq) => {
    r.instanceNode.value = upTimeTicks();
    r.done();
  };
  scalar('sysDescr', '1.3.6.1.2.1.1.1', T.OctetString, o.sysDescr ?? defaults.sysDescr);
  scalar('sysObjectID', '1.3.6.1.2.1.1.2', T.OID, o.sysObjectId ?? defaults.sysObjectId);
  scalar('sysUpTime', '1.3.6.1.2.1.1.3', T.TimeTicks, 0, liveTicks);
  scalar('sysContact', '1.3.6.1.2.1.1.4', T.OctetString, 'noc@example.net');
  scalar('sysName', '1.3.6.1.2.1.1.5', T.OctetString, o.sysName ?? 'pbx-sim');
  scalar('sysLocation', '1.3.6.1.2.1.1.6', T.OctetString, 'Lab');
  if (o.hostResources ?? vendor === 'ipecs')
    scalar('hrSystemUptime', '1.3.6.1.2.1.25.1.1', T.TimeTicks, 0, liveTicks);

  const ifs = o.interfaces ?? [
    { name: 'LAN1', up: true },
    { name: 'LAN2', up: false },
  ];
  scalar('ifNumber', '1.3.6.1.2.1.2.1', T.Integer, ifs.length);
  mib.registerProvider({
    name: 'ifTable',
    type: snmp.MibProviderType.Table,
    oid: '1.3.6.1.2.1.2.2.1',
    maxAccess: snmp.MaxAccess['not-accessible'],
    tableColumns: [
      { number: 1, name: 'ifIndex', type: T.Integer, maxAccess: RO },
      { number: 2, name: 'ifDescr', type: T.OctetString, maxAccess: RO },
      { number: 3, name: 'ifType', type: T.Integer, maxAccess: RO },
      { number: 8, name: 'ifOperStatus', type: T.Integer, maxAccess: RO },
    ],
    tableIndex: [{ columnName: 'ifIndex' }],
  });
  ifs.forEach((itf, i) => {
    mib.addTableRow('ifTable', [i + 1, itf.name, 6, itf.up ? 1 : 2]);
  });

  // IPO-PHONES-MIB: IP Office only (iPECS has no public station MIB).
  if (vendor === 'ipoffice') {
    scalar('ipoPhonesNumber', '1.3.6.1.4.1.6889.2.2.1.1.1.1.1.1', T.Integer, stations.length);
    mib.registerProvider({
      name: 'ipoPhonesTable',
      type: snmp.MibProviderType.Table,
      oid: IPO_PHONES_ENTRY,
      maxAccess: snmp.MaxAccess['not-accessible'],
      tableColumns: [
        { number: 1, name: 'ipoPhonesIndex', type: T.Integer, maxAccess: RO },
        { number: 2, name: 'ipoPhonesExtID', type: T.Integer, maxAccess: RO },
        { number: 3, name: 'ipoPhonesExtNumber', type: T.Integer, maxAccess: RO },
        { number: 4, name: 'ipoPhonesUserShort', type: T.OctetString, maxAccess: RO },
        { number: 5, name: 'ipoPhonesUserLong', type: T.OctetString, maxAccess: RO },
        { number: 6, name: 'ipoPhonesType', type: T.Integer, maxAccess: RO },
        { number: 7, name: 'ipoPhonesPort', type: T.Gauge, maxAccess: RO },
        { number: 8, name: 'ipoPhonesPortNumber', type: T.Gauge, maxAccess: RO },
        { number: 9, name: 'ipoPhonesModuleNumber', type: T.Gauge, maxAccess: RO },
        { number: 10, name: 'ipoPhonesIPAddress', type: T.IpAddress, maxAccess: RO },
        { number: 11, name: 'ipoPhonesPhysAddress', type: T.OctetString, maxAccess: RO },
      ],
      tableIndex: [{ columnName: 'ipoPhonesIndex' }],
    });
    for (const s of stations) {
      mib.addTableRow('ipoPhonesTable', [
        s.index,
        s.extId,
        s.extension,
        s.userShort,
        s.userLong,
        s.type,
        s.port,
        s.port % 16,
        s.moduleNumber,
        shownAddress(s),
        s.mac,
      ]);
    }
  }
  installFastMib(agent);
  if (o.maxBulkVarbinds !== undefined) limitBulk(agent, o.maxBulkVarbinds);
  const port = await gate.bound;

  const refresh = (s: SimStation) => mib.setTableSingleCell('ipoPhonesTable', 10, [s.index], shownAddress(s));

  return {
    port,
    host,
    stations,
    setStationsDown(arg) {
      const ipPhones = stations.filter((s) => s.kind === 'ip');
      const n = downCount(arg, ipPhones.length, 'IP phones');
      const down: string[] = [];
      ipPhones.forEach((s, i) => {
        s.down = i < n;
        if (s.down) down.push(String(s.extension));
        refresh(s);
      });
      return down;
    },
    setSnmpAnswering: (answering) => gate.setOpen(answering),
    restart() {
      bootAt = clock.now();
    },
    upTimeTicks,
    setSysDescr: (text) => mib.setScalarValue('sysDescr', text),
    close: () => new Promise<void>((resolve) => agent.close(() => resolve())),
  };
}

type BulkPdu = {
  maxRepetitions: number;
  nonRepeaters: number;
  varbinds: { oid: string }[];
  getResponsePduForRequest(): { errorStatus: number; errorIndex: number; varbinds: unknown[] };
};
type BulkAgent = {
  getBulkRequest(socket: unknown, msg: { pdu: BulkPdu }, rinfo: unknown): void;
  sendResponse(socket: unknown, rinfo: unknown, msg: unknown, pdu: unknown): void;
};

function limitBulk(agent: BulkAgent, max: number) {
  const original = agent.getBulkRequest.bind(agent);
  agent.getBulkRequest = (socket, msg, rinfo) => {
    const pdu = msg.pdu;
    const wanted =
      pdu.nonRepeaters + pdu.maxRepetitions * Math.max(0, pdu.varbinds.length - pdu.nonRepeaters);
    if (wanted <= max) return original(socket, msg, rinfo);
    const response = pdu.getResponsePduForRequest();
    response.errorStatus = snmp.ErrorStatus.TooBig;
    response.errorIndex = 0;
    response.varbinds = pdu.varbinds.map((v) => ({ oid: v.oid, type: T.Null, value: null }));
    agent.sendResponse(socket, rinfo, msg, response);
  };
}
