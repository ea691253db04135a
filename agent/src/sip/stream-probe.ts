/**
 * One probe over TCP or TLS (RFC 3261 §18): connect, send once (reliable transports do not
 * retransmit, §17.1.2.2), read responses framed by Content-Length, close.
 */
import net from 'node:net';
import tls from 'node:tls';
import { ClientTransaction, type TransactionOutcome } from './client-transaction.js';
import { describeNetError } from './net-errors.js';
import { classifyIncoming, type SipLog, type SipProberStats } from './probe-stats.js';
import type { MonotonicClock, Timers } from './sip-timers.js';
import { SipStreamFramer } from './stream-framer.js';

/**
 * TLS settings of a probe.
 * @example
 * const tls: SipTlsOptions = { ca: readFileSync('pbx-ca.pem'), servername: 'pbx.example.com' };
 */
export interface SipTlsOptions {
  /** Trusted CA certificates (PEM); default: Node's bundled roots. */
  ca?: string | Buffer | (string | Buffer)[];
  /** Verify the peer's certificate; default true. */
  rejectUnauthorized?: boolean;
  /** SNI and the name checked in the certificate; default: the URI host when it is a name. */
  servername?: string;
  /** Client certificate and key (PEM), for peers that require mutual TLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
}

/** One TCP/TLS probe to run. */
export interface StreamProbeSpec {
  transport: 'tcp' | 'tls';
  address: string;
  port: number;
  /** The host as named in the URI, for the default TLS servername. */
  uriHost: string;
  branch: string;
  timeoutMs: number;
  tls?: SipTlsOptions;
  build(localHost: string, localPort: number): string;
  timers: Timers;
  clock: MonotonicClock;
  stats: SipProberStats;
  log?: SipLog;
  /** Registers a canceller, called if the prober stops mid-probe. */
  onCancel(cancel: () => void): void;
}

const noAnswer = (error: string, elapsedMs = 0): TransactionOutcome => ({
  error,
  elapsedMs,
  retransmissions: 0,
  provisional: false,
});

/**
 * Run one probe over a fresh TCP or TLS connection; resolves with how it ended, never rejects.
 * @example
 * const outcome = await streamProbe({ transport: 'tcp', address: '10.0.0.5', port: 5060, uriHost: '10.0.0.5',
 *   branch, timeoutMs: 5000, build, timers: systemTimers, clock: monotonicClock, stats, onCancel: () => {} });
 */
export function streamProbe(spec: StreamProbeSpec): Promise<TransactionOutcome> {
  const { timers, clock, stats, log } = spec;
  const where = `${spec.address}:${spec.port}`;
  const startedAt = clock.now();
  return new Promise((resolve) => {
    let tx: ClientTransaction | undefined;
    let settled = false;
    let secure = spec.transport === 'tcp';
    const settle = (outcome: TransactionOutcome) => {
      if (settled) return;
      settled = true;
      timers.clearTimeout(connectTimer);
      socket.destroy();
      resolve(outcome);
    };
    // The probe timeout covers the connection and handshake too; the transaction gets what is left.
    const connectTimer = timers.setTimeout(
      () =>
        settle(noAnswer(`timeout (no ${spec.transport} connection to ${where})`, clock.now() - startedAt)),
      spec.timeoutMs,
    );
    const socket: net.Socket =
      spec.transport === 'tls'
        ? tls.connect({
            host: spec.address,
            port: spec.port,
            servername: spec.tls?.servername ?? (net.isIP(spec.uriHost) ? undefined : spec.uriHost),
            ca: spec.tls?.ca,
            cert: spec.tls?.cert,
            key: spec.tls?.key,
            rejectUnauthorized: spec.tls?.rejectUnauthorized ?? true,
          })
        : net.connect({ host: spec.address, port: spec.port });
    spec.onCancel(() => {
      tx?.cancel();
      settle(noAnswer('stopped'));
    });

    const onReady = () => {
      secure = true;
      timers.clearTimeout(connectTimer);
      const remaining = Math.max(1, spec.timeoutMs - (clock.now() - startedAt));
      const text = spec.build(socket.localAddress ?? '127.0.0.1', socket.localPort ?? 0);
      tx = new ClientTransaction({
        unreliable: false,
        timeoutMs: remaining,
        timers,
        clock,
        send: () => {
          stats.sent++;
          socket.write(text);
        },
        onDone: settle,
      });
      tx.start();
    };
    socket.once(spec.transport === 'tls' ? 'secureConnect' : 'connect', onReady);

    const framer = new SipStreamFramer();
    socket.on('data', (chunk: Buffer) => {
      const { messages, error } = framer.push(chunk);
      for (const m of messages) {
        const c = classifyIncoming(m);
        if (c.kind === 'malformed') {
          stats.malformed++;
          log?.warn({ error: c.error, peer: where }, 'malformed SIP message dropped');
        } else if (c.kind === 'response' && c.branch === spec.branch && c.method === 'OPTIONS') {
          tx?.receive(c.message); // RFC 3261 §17.1.3
        } else {
          stats.unmatched++;
        }
      }
      if (error) {
        stats.malformed++;
        log?.warn({ error, peer: where }, 'SIP stream cannot be framed; closing');
        if (tx) tx.fail(`malformed (${error})`);
        else settle(noAnswer(`malformed (${error})`));
      }
    });
    socket.on('error', (err) => {
      const error = describeNetError(err, where, !secure);
      if (tx) tx.fail(error);
      else settle(noAnswer(error, clock.now() - startedAt));
    });
    socket.on('close', () => {
      const error = `closed (connection closed by ${where} before a final response)`;
      if (tx) tx.fail(error);
      else settle(noAnswer(error, clock.now() - startedAt));
    });
  });
}
