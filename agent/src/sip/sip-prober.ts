/**
 * The SIP OPTIONS prober of the site agent (detection.md "SIP OPTIONS probe"): any final response
 * 2xx–6xx proves the peer's SIP stack is alive; no answer by the timeout, or a transport error, is
 * not. Many probes run at once over one shared UDP socket, demultiplexed by Via branch.
 */
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import type { SipProbeResult } from '../poll/types.js';
import { agentVersion } from '../version.js';
import type { TransactionOutcome } from './client-transaction.js';
import { buildOptionsRequest } from './options-request.js';
import { emptyStats, type SipLog, type SipProberStats } from './probe-stats.js';
import { newBranch, newCallId, newTag } from './sip-ids.js';
import { type MonotonicClock, monotonicClock, systemTimers, TIMER_F_MS, type Timers } from './sip-timers.js';
import { defaultPort, parseSipUri, type SipTransport, uriTransport } from './sip-uri.js';
import { type SipTlsOptions, streamProbe } from './stream-probe.js';
import { type UdpMode, UdpTransport } from './udp-transport.js';

/**
 * detection.md: the default probe timeout.
 * @example
 * prober.probe({ uri, timeoutMs: DEFAULT_PROBE_TIMEOUT_MS });
 */
export const DEFAULT_PROBE_TIMEOUT_MS = 5000;

/**
 * Options of {@link createSipProber}.
 * @example
 * const options: SipProberOptions = { udpMode: 'connected', userAgent: 'pbxwatch-agent/1.2.0', log: pino() };
 */
export interface SipProberOptions {
  /** Monotonic clock for round-trip times; default `performance.now`. */
  clock?: MonotonicClock;
  /** Timer functions; default the global ones. Tests pass fakes to drive Timer E. */
  timers?: Timers;
  /** Address put in Via and Contact; default the local address routed towards each peer. */
  localHost?: string;
  /** User-Agent header; default `pbxwatch-agent/<version>`. */
  userAgent?: string;
  /**
   * `shared` (default): one UDP socket for all probes, answers accepted from any source port.
   * `connected`: a connected socket per probe, so ICMP port unreachable is reported as `refused`.
   */
  udpMode?: UdpMode;
  log?: SipLog;
}

/**
 * One probe request.
 * @example
 * const req: SipProbeRequest = { uri: 'sips:pbx.example.com', timeoutMs: 3000, tls: { ca: caPem } };
 */
export interface SipProbeRequest {
  /** Target, `sip:` or `sips:` (host, optional port and `;transport=`). */
  uri: string;
  /** Default: from the URI (`sips:` → tls, else `;transport=`, else udp). */
  transport?: SipTransport;
  /** Default 5000 ms; capped at Timer F = 32 s (RFC 3261 §17.1.2.2). */
  timeoutMs?: number;
  tls?: SipTlsOptions;
}

/**
 * A running prober (see {@link createSipProber}).
 * @example
 * const results = await Promise.all(stations.map((s) => prober.probe({ uri: `sip:${s.ip}` })));
 */
export interface SipProber {
  start(): Promise<void>;
  /** Ends probes in flight (they resolve `alive: false`, error `stopped`) and closes sockets. */
  stop(): Promise<void>;
  /** Never rejects for network trouble; rejects only for a bad URI/transport (a config error). */
  probe(request: SipProbeRequest): Promise<SipProbeResult>;
  /** Counters since start, including dropped malformed and unmatched messages. */
  stats(): Readonly<SipProberStats>;
}

/**
 * Create a SIP OPTIONS prober; call `start()` before probing.
 * @example
 * const prober = createSipProber();
 * await prober.start();
 * const r = await prober.probe({ uri: 'sip:10.0.0.5:5060', timeoutMs: 5000 });
 * // { alive: true, status: 200, reason: 'OK', rttMs: 3.2, retransmissions: 0, transport: 'udp' }
 * await prober.stop();
 */
export function createSipProber(options: SipProberOptions = {}): SipProber {
  const timers = options.timers ?? systemTimers;
  const clock = options.clock ?? monotonicClock;
  let userAgent = options.userAgent;
  let stats = emptyStats();
  let udp: UdpTransport | undefined;
  const cancels = new Set<() => void>();

  const prepare = (request: SipProbeRequest) => {
    const uri = parseSipUri(request.uri);
    const transport = request.transport ?? uriTransport(uri);
    if (transport !== 'udp' && transport !== 'tcp' && transport !== 'tls') {
      throw new Error(`unsupported SIP transport "${String(transport)}"`);
    }
    const timeoutMs = request.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
      throw new Error(`timeoutMs must be > 0, got ${timeoutMs}`);
    return {
      uri,
      transport,
      timeoutMs: Math.min(timeoutMs, TIMER_F_MS),
      port: uri.port ?? defaultPort(transport),
    };
  };

  return {
    async start() {
      stats = emptyStats();
      userAgent ??= `pbxwatch-agent/${agentVersion()}`;
      udp = new UdpTransport({
        mode: options.udpMode ?? 'shared',
        localHost: options.localHost,
        timers,
        clock,
        stats,
        log: options.log,
      });
      await udp.start();
    },

    async stop() {
      for (const cancel of cancels) cancel();
      cancels.clear();
      await udp?.stop();
      udp = undefined;
    },

    async probe(request) {
      const { uri, transport, timeoutMs, port } = prepare(request);
      if (!udp) throw new Error('SIP prober not started');
      stats.probes++;
      let address = uri.host;
      let family: 4 | 6 = net.isIP(uri.host) === 6 ? 6 : 4;
      if (!net.isIP(uri.host)) {
        // RFC 3263 SRV/NAPTR selection is not done: the probe targets the host's A/AAAA record.
        try {
          const found = await lookup(uri.host);
          address = found.address;
          family = found.family === 6 ? 6 : 4;
        } catch (err) {
          stats.unanswered++;
          const code = (err as NodeJS.ErrnoException).code ?? 'error';
          return { alive: false, error: `dns (${code} ${uri.host})`, transport };
        }
      }
      const branch = newBranch();
      const fromTag = newTag();
      const build = (localHost: string, localPort: number) =>
        buildOptionsRequest({
          target: uri,
          transport,
          localHost,
          localPort,
          branch,
          callId: newCallId(localHost),
          fromTag,
          cseq: 1,
          userAgent: userAgent!,
        });

      let outcome: TransactionOutcome;
      if (transport === 'udp') {
        outcome = await udp.probe({ address, family, port, branch, timeoutMs, build });
      } else {
        let cancel: (() => void) | undefined;
        outcome = await streamProbe({
          transport,
          address,
          port,
          uriHost: uri.host,
          branch,
          timeoutMs,
          tls: request.tls,
          build,
          timers,
          clock,
          stats,
          log: options.log,
          onCancel: (c) => {
            cancel = c;
            cancels.add(c);
          },
        });
        if (cancel) cancels.delete(cancel);
      }

      const retransmissions = outcome.retransmissions;
      if (outcome.response) {
        stats.answered++;
        return {
          alive: true,
          status: outcome.response.status,
          reason: outcome.response.reason,
          rttMs: Math.round(outcome.elapsedMs * 1000) / 1000,
          retransmissions,
          transport,
        };
      }
      stats.unanswered++;
      return { alive: false, error: outcome.error ?? 'timeout', retransmissions, transport };
    },

    stats: () => ({ ...stats }),
  };
}
