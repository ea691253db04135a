import { checkEligibility } from '@pbxwatch/core/protocol';
import type { SnmpPollResult } from '../poll/types.js';
import type { SnmpResult } from './errors.js';
import { OID } from './oids.js';
import { type CustomStationTable, customStationsFromColumns, customTableColumns } from './profile-generic.js';
import { IPECS_IF_COLUMNS, interfacesFromColumns } from './profile-ipecs.js';
import { type IpoNameColumn, ipoStationColumns, ipoStationsFromColumns } from './profile-ipoffice.js';
import { openSnmpSession, type SnmpSession, type SnmpTargetOptions } from './session.js';
import { parseSysDescr } from './sysdescr.js';
import type { RawVarbind } from './varbind.js';

/**
 * Options of {@link createSnmpPoller}: a plain object the config layer maps its zod config to.
 * @example
 * const o: SnmpPollerOptions = { host: '10.0.0.5', version: '1', community: 'public', vendor: 'ipoffice', timeoutMs: 2000, retries: 1 };
 */
export interface SnmpPollerOptions extends SnmpTargetOptions {
  vendor: 'ipoffice' | 'ipecs' | 'generic';
  /** A station table from the site config; read instead of ipoPhonesTable when given. */
  customTable?: CustomStationTable;
  /** ipoPhonesTable name column: UserLong (default) or UserShort. */
  ipoNameColumn?: IpoNameColumn;
  /** Hard limit for one whole poll, ms (default: 4 × timeoutMs × (retries + 1), at least 10 s). */
  deadlineMs?: number;
  /** Monotonic ms for `durationMs` (default `performance.now`). */
  monotonicNow?: () => number;
}

/**
 * A per-PBX SNMP poller. `poll()` never throws and never outlives its deadline.
 * @example
 * poller.start(); const result = await poller.poll(); poller.stop();
 */
export interface SnmpPoller {
  start(): void;
  poll(): Promise<SnmpPollResult>;
  stop(): void;
}

/**
 * Creates the SNMP poller of one PBX: system group every poll, then the profile's columns
 * (ipoPhonesTable for IP Office, ifTable (+ hrSystemUptime) for iPECS, or the custom table).
 * Concurrent `poll()` calls (an interval tick during a trap-triggered poll) share one poll.
 * @example
 * const poller = createSnmpPoller({ host: '10.0.0.5', version: '2c', community: 'public', vendor: 'ipoffice' });
 * poller.start();
 * const r = await poller.poll(); // { answered: true, stations: [...], sysUpTimeS: 1234, ... }
 * poller.stop();
 */
export function createSnmpPoller(options: SnmpPollerOptions): SnmpPoller {
  const o = Object.freeze({ ...options });
  const now = o.monotonicNow ?? (() => performance.now());
  const deadlineMs = o.deadlineMs ?? Math.max(10_000, 4 * (o.timeoutMs ?? 2000) * ((o.retries ?? 1) + 1));
  let session: SnmpSession | null = null;
  let openError: string | null = null;
  let inFlight: Promise<SnmpPollResult> | null = null;

  const fail = (error: string, started: number): SnmpPollResult => ({
    answered: false,
    error,
    vendor: o.vendor,
    durationMs: now() - started,
  });

  async function run(s: SnmpSession, signal: AbortSignal, started: number): Promise<SnmpPollResult> {
    const sys = await s.get([OID.sysDescr, OID.sysObjectId, OID.sysUpTime]);
    if (!sys.ok) return fail(sys.error, started);
    const [descr, objectId, upTime] = sys.value as [RawVarbind, RawVarbind, RawVarbind];
    const result: SnmpPollResult = { answered: true, vendor: o.vendor, durationMs: 0 };
    const errors: string[] = [];
    if (typeof descr.value === 'string') {
      result.sysDescr = descr.value;
      const info = parseSysDescr(o.vendor, descr.value);
      Object.assign(result, info);
      result.eligibility = checkEligibility({ vendor: o.vendor, ...info });
    }
    if (typeof objectId.value === 'string') result.sysObjectId = objectId.value;
    if (typeof upTime.value === 'number') result.sysUpTimeS = upTime.value / 100;
    else if (o.vendor !== 'ipecs') errors.push('sysUpTime missing');

    const jobs: Promise<void>[] = [];
    const collect = <T>(label: string, p: Promise<SnmpResult<T>>, use: (v: T) => void) =>
      jobs.push(p.then((r) => (r.ok ? use(r.value) : void errors.push(`${label}: ${r.error}`))));
    if (o.customTable) {
      const table = o.customTable;
      collect('custom-table', s.walkColumns(customTableColumns(table), signal), (cols) => {
        result.stations = customStationsFromColumns(table, cols);
        result.stationSource = 'custom-table';
      });
    } else if (o.vendor === 'ipoffice') {
      collect('ipo-phones-table', s.walkColumns(ipoStationColumns(o.ipoNameColumn), signal), (cols) => {
        result.stations = ipoStationsFromColumns(cols, o.ipoNameColumn);
        result.stationSource = 'ipo-phones-table';
      });
    }
    if (o.vendor === 'ipecs') {
      collect('ifTable', s.walkColumns(IPECS_IF_COLUMNS, signal), (cols) => {
        result.interfaces = interfacesFromColumns(cols);
      });
      // A separate GET: on v1 one missing OID fails the whole PDU (RFC 1157 §4.1.2).
      jobs.push(
        s.get([OID.hrSystemUptime]).then((r) => {
          const v = r.ok ? r.value[0]?.value : null;
          if (typeof v !== 'number') return;
          result.hrSystemUptimeS = v / 100;
          // No sysUpTime (a stripped-down agent): the host uptime is the next best restart clue.
          if (result.sysUpTimeS === undefined) result.sysUpTimeS = v / 100;
        }),
      );
    }
    await Promise.all(jobs);
    if (errors.length) result.error = errors.join('; ');
    result.durationMs = now() - started;
    return result;
  }

  async function pollOnce(): Promise<SnmpPollResult> {
    const started = now();
    if (openError) return fail(openError, started);
    if (!session) return fail('poller not started', started);
    const ctl = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<SnmpPollResult>((resolve) => {
      timer = setTimeout(() => {
        ctl.abort();
        resolve(fail(`deadline of ${deadlineMs} ms exceeded`, started));
      }, deadlineMs);
    });
    try {
      return await Promise.race([run(session, ctl.signal, started), deadline]);
    } catch (err) {
      return fail(`internal: ${err instanceof Error ? err.message : String(err)}`, started);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    start() {
      if (session || openError) return;
      const r = openSnmpSession(o);
      if (r.ok) session = r.value;
      else openError = r.error;
    },
    poll() {
      if (!inFlight) {
        inFlight = pollOnce().finally(() => {
          inFlight = null;
        });
      }
      return inFlight;
    },
    stop() {
      session?.close();
      session = null;
      openError = null;
    },
  };
}
