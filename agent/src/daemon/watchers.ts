import fs from 'node:fs';
import type { Clock } from '@pbxwatch/core/protocol';
import type { AgentConfig } from '../config/schema.js';
import type { SipProbeResult, SnmpPollResult, TrapNotice } from '../poll/types.js';
import { createSipProber } from '../sip/sip-prober.js';
import { createSnmpPoller } from '../snmp/poller.js';
import { createTrapReceiver } from '../traps/trap-receiver.js';

/** A SIP probe request as the poll cycle makes it. */
export interface ProbeRequest {
  uri: string;
  transport?: 'udp' | 'tcp' | 'tls';
  timeoutMs: number;
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
}

/**
 * The watchers the daemon drives: the real ones from {@link createRealWatchers}, or fakes in tests.
 * @example
 * const w: Watchers = createRealWatchers(cfg, { clock });
 */
export interface Watchers {
  snmp: { start(): void; poll(): Promise<SnmpPollResult>; stop(): void } | null;
  sip: { start(): Promise<void>; stop(): Promise<void>; probe(r: ProbeRequest): Promise<SipProbeResult> };
  /** Trap receiver factory (null when traps are disabled). */
  traps: ((onTrap: (t: TrapNotice) => void) => { start(): Promise<number>; stop(): Promise<void> }) | null;
}

/**
 * The production watchers, built from the validated config: SNMP poller with the vendor profile
 * (or the custom station table), SIP OPTIONS prober, trap receiver. Nothing starts here.
 * @example
 * const w = createRealWatchers(cfg, { clock: { now: () => Date.now() }, log });
 */
export function createRealWatchers(
  cfg: AgentConfig,
  deps: { clock: Clock; log?: { warn(obj: object, msg: string): void } },
): Watchers {
  const s = cfg.pbx.snmp;
  const table = cfg.stations.table;
  const snmp = s
    ? createSnmpPoller({
        host: cfg.pbx.host,
        port: s.port,
        version: s.version,
        community: s.community,
        user: s.user ? { ...s.user, level: 'authPriv' } : undefined,
        timeoutMs: s.timeout,
        retries: s.retries,
        vendor: cfg.pbx.vendor,
        customTable: table ? { ...table, upValues: [...table.upValues] } : undefined,
      })
    : null;
  const sip = createSipProber({});
  const t = cfg.traps;
  const traps = t.enabled
    ? (onTrap: (n: TrapNotice) => void) =>
        createTrapReceiver({
          port: t.port,
          host: t.host,
          communities: t.communities.length > 0 ? [...t.communities] : undefined,
          clock: deps.clock,
          onTrap,
          logger: deps.log,
        })
    : null;
  return { snmp, sip, traps };
}

/**
 * TLS options of the PBX SIP probe from the config (the CA file is read here, once).
 * @example
 * sipTls(cfg); // undefined or { ca, rejectUnauthorized }
 */
export function sipTls(cfg: AgentConfig): ProbeRequest['tls'] {
  const tls = cfg.pbx.sip?.tls;
  if (!tls) return undefined;
  return {
    ca: tls.caFile ? fs.readFileSync(tls.caFile) : undefined,
    rejectUnauthorized: tls.rejectUnauthorized,
  };
}
