import { createCipheriv } from 'node:crypto';
import snmp from 'net-snmp';
import { type ColumnCells, walkColumn } from './column-walk.js';
import { describeSnmpError, type SnmpResult } from './errors.js';
import { type RawVarbind, toRawVarbind } from './varbind.js';

/**
 * SNMP protocol version as written in a site config.
 * @example
 * const v: SnmpVersion = '2c';
 */
export type SnmpVersion = '1' | '2c' | '3';

/**
 * An SNMPv3 USM user (RFC 3414). IP Office Manager offers no v3; iPECS and snmpd do.
 * @example
 * const u: SnmpV3User = { name: 'pbxwatch', authProtocol: 'sha', authKey: 'auth-secret', privProtocol: 'aes', privKey: 'priv-secret' };
 */
export interface SnmpV3User {
  name: string;
  /** Defaults from which keys are present: both → authPriv, auth only → authNoPriv. */
  level?: 'noAuthNoPriv' | 'authNoPriv' | 'authPriv';
  authProtocol?: 'sha' | 'md5';
  authKey?: string;
  privProtocol?: 'aes' | 'des';
  privKey?: string;
}

/**
 * Where and how to reach one PBX over SNMP. A plain object: the config layer validates it.
 * @example
 * const t: SnmpTargetOptions = { host: '10.0.0.5', version: '2c', community: 'public', timeoutMs: 2000, retries: 1 };
 */
export interface SnmpTargetOptions {
  host: string;
  /** UDP port; 161 by default. */
  port?: number;
  version: SnmpVersion;
  /** v1/v2c community; `public` by default. */
  community?: string;
  /** v3 user, required when `version` is `3`. */
  user?: SnmpV3User;
  /** Per-request timeout before a retry, ms (default 2000). */
  timeoutMs?: number;
  /** Retries per request (default 1). */
  retries?: number;
  /** GETBULK max-repetitions for column walks (default 50). */
  maxRepetitions?: number;
}

/**
 * One open SNMP session to one PBX.
 * @example
 * const r = await session.walkColumns(['1.3.6.1.2.1.2.2.1.2']); // r.ok ? r.value.get(…) : r.error
 */
export interface SnmpSession {
  /** GET of exact instances; exceptions (noSuchObject…) come back as varbinds with `value: null`. */
  get(oids: string[]): Promise<SnmpResult<RawVarbind[]>>;
  /**
   * Reads table columns (each a column OID such as `1.3.6.1.2.1.2.2.1.2`): GETBULK on v2c/v3,
   * GETNEXT on v1, all columns walked in parallel, each stopping when it leaves its subtree.
   */
  walkColumns(columns: string[], signal?: AbortSignal): Promise<SnmpResult<Map<string, ColumnCells>>>;
  close(): void;
}

const AUTH = { sha: snmp.AuthProtocols.sha, md5: snmp.AuthProtocols.md5 } as const;
const PRIV = { aes: snmp.PrivProtocols.aes, des: snmp.PrivProtocols.des } as const;

function v3User(user: SnmpV3User): SnmpResult<snmp.User> {
  const level =
    user.level ?? (user.privKey ? 'authPriv' : user.authKey ? 'authNoPriv' : ('noAuthNoPriv' as const));
  const out: snmp.User = { name: user.name, level: snmp.SecurityLevel[level] };
  if (level !== 'noAuthNoPriv') {
    if (!user.authKey) return { ok: false, error: `snmp v3 user ${user.name}: ${level} needs authKey` };
    out.authProtocol = AUTH[user.authProtocol ?? 'sha'];
    out.authKey = user.authKey;
  }
  if (level === 'authPriv') {
    if (!user.privKey) return { ok: false, error: `snmp v3 user ${user.name}: authPriv needs privKey` };
    const priv = user.privProtocol ?? 'aes';
    if (priv === 'des' && !desAvailable()) {
      // OpenSSL 3 moved DES to the legacy provider; net-snmp would throw inside a socket callback.
      return { ok: false, error: 'snmp v3 DES privacy unavailable: run node with --openssl-legacy-provider' };
    }
    out.privProtocol = PRIV[priv];
    out.privKey = user.privKey;
  }
  return { ok: true, value: out };
}

/**
 * Whether this process can encrypt DES-CBC (SNMPv3 DES privacy): OpenSSL 3 has it only in the
 * legacy provider, loaded with `--openssl-legacy-provider`.
 * @example
 * if (!desAvailable()) console.error('start node with --openssl-legacy-provider');
 */
export function desAvailable(): boolean {
  try {
    createCipheriv('des-cbc', Buffer.alloc(8), Buffer.alloc(8));
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens a session (a UDP socket) to one PBX. Returns an error value, not a throw, for a bad user.
 * @example
 * const r = openSnmpSession({ host: '127.0.0.1', port: 16100, version: '2c', community: 'public' });
 * if (r.ok) { const sys = await r.value.get(['1.3.6.1.2.1.1.1.0']); r.value.close(); }
 */
export function openSnmpSession(opts: SnmpTargetOptions): SnmpResult<SnmpSession> {
  const common = {
    port: opts.port ?? 161,
    timeout: opts.timeoutMs ?? 2000,
    retries: opts.retries ?? 1,
    backoff: 1,
    // walkColumn checks the order itself (a PBX that walks backwards must not loop us, RFC 3416
    // §4.2.2), on the instance part only; net-snmp's own check re-parsed every OID of every
    // response and was a third of the agent's CPU at 2,400 stations a second.
    backwardsGetNexts: true,
  };
  let session: snmp.Session;
  try {
    if (opts.version === '3') {
      if (!opts.user) return { ok: false, error: 'snmp v3 needs a user' };
      const user = v3User(opts.user);
      if (!user.ok) return user;
      session = snmp.createV3Session(opts.host, user.value, { ...common, version: snmp.Version3 });
    } else {
      const version = opts.version === '1' ? snmp.Version1 : snmp.Version2c;
      session = snmp.createSession(opts.host, opts.community ?? 'public', { ...common, version });
    }
  } catch (err) {
    return { ok: false, error: describeSnmpError(err) };
  }
  let closed = false;
  // Socket errors are emitted on the session; without a listener they would crash the process.
  session.on('error', (err) => session.cancelRequests(err));
  session.on('close', () => {
    closed = true;
  });
  const maxRepetitions = opts.maxRepetitions ?? 50;

  const get = (oids: string[]) =>
    new Promise<SnmpResult<RawVarbind[]>>((resolve) => {
      if (closed) return resolve({ ok: false, error: 'session closed' });
      try {
        session.get(oids, (err, vbs) => {
          if (err) resolve({ ok: false, error: describeSnmpError(err) });
          else resolve({ ok: true, value: (vbs ?? []).map(toRawVarbind) });
        });
      } catch (err) {
        resolve({ ok: false, error: describeSnmpError(err) });
      }
    });

  return {
    ok: true,
    value: {
      get,
      async walkColumns(columns, signal) {
        const mode = opts.version === '1' ? 'getnext' : 'getbulk';
        const results = await Promise.all(
          columns.map((c) =>
            walkColumn(session, c, { mode, maxRepetitions, signal, isClosed: () => closed }),
          ),
        );
        const map = new Map<string, ColumnCells>();
        for (let i = 0; i < columns.length; i++) {
          const r = results[i]!;
          if (!r.ok) return { ok: false, error: `${columns[i]}: ${r.error}` };
          map.set(columns[i]!, r.value);
        }
        return { ok: true, value: map };
      },
      close() {
        if (closed) return;
        closed = true;
        try {
          session.close();
        } catch {
          // already closed by a socket error
        }
      },
    },
  };
}
