import type { Clock } from '@pbxwatch/core/protocol';
import snmp from 'net-snmp';
import type { TrapNotice } from '../poll/types.js';
import { boundDgram } from './bound-dgram.js';
import { type NotificationPdu, normaliseTrap } from './normalise-trap.js';

/**
 * Options of {@link createTrapReceiver}.
 * @example
 * const o: TrapReceiverOptions = { port: 162, communities: ['public'], clock, onTrap: (t) => log.info(t) };
 */
export interface TrapReceiverOptions {
  /** UDP port (162 in production; tests use 0 or a high port). */
  port: number;
  /** Address to bind (default 0.0.0.0). */
  host?: string;
  /** Accepted v1/v2c communities; when absent every community is accepted. */
  communities?: string[];
  clock: Clock;
  /** Called once per accepted notification. A throw here is counted, never propagated. */
  onTrap(notice: TrapNotice): void;
  /** Optional pino-like logger for rejected and malformed packets. */
  logger?: { warn(obj: object, msg: string): void };
}

/**
 * Counters of what the receiver saw.
 * @example
 * receiver.stats(); // { received: 12, malformed: 1, rejected: 0, handlerErrors: 0 }
 */
export interface TrapReceiverStats {
  received: number;
  /** Undecodable packets and notifications without a trap OID. */
  malformed: number;
  /** Unknown community or user, unexpected PDU type. */
  rejected: number;
  /** `onTrap` threw. */
  handlerErrors: number;
}

/**
 * A running (or stopped) trap receiver.
 * @example
 * const port = await receiver.start(); // … later: await receiver.stop();
 */
export interface TrapReceiver {
  /** Binds the port; resolves with the bound port, rejects when it cannot bind. */
  start(): Promise<number>;
  stop(): Promise<void>;
  /** The bound port once started. */
  readonly port: number | undefined;
  stats(): TrapReceiverStats;
}

/**
 * Receives SNMP v1/v2c traps and informs (informs are acknowledged by net-snmp, RFC 3416 §4.2.7)
 * and hands each one to `onTrap` as a normalised {@link TrapNotice}. Bad packets are counted.
 * @example
 * const rx = createTrapReceiver({ port: 162, clock: { now: () => Date.now() }, onTrap: (t) => poller.poll() });
 * await rx.start();
 * // …
 * await rx.stop();
 */
export function createTrapReceiver(options: TrapReceiverOptions): TrapReceiver {
  const o = Object.freeze({ ...options });
  const stats: TrapReceiverStats = { received: 0, malformed: 0, rejected: 0, handlerErrors: 0 };
  let receiver: { close(cb?: () => void): void } | null = null;
  let port: number | undefined;

  const onMessage = (error: (Error & { rinfo?: { address: string } }) | null, data?: unknown) => {
    if (error) {
      // ProcessingError: the BER decode failed; the rest are authorisation or PDU-type refusals.
      if (error.name === 'ProcessingError') stats.malformed++;
      else stats.rejected++;
      o.logger?.warn({ err: error.message, from: error.rinfo?.address }, 'snmp notification refused');
      return;
    }
    const { pdu, rinfo } = data as { pdu: NotificationPdu; rinfo: { address: string } };
    const notice = normaliseTrap(pdu, rinfo.address, o.clock.now());
    if (!notice) {
      stats.malformed++;
      o.logger?.warn({ from: rinfo.address }, 'snmp notification without a trap OID');
      return;
    }
    stats.received++;
    try {
      o.onTrap(notice);
    } catch (err) {
      stats.handlerErrors++;
      o.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'trap handler failed');
    }
  };

  return {
    get port() {
      return port;
    },
    async start() {
      if (receiver) return port!;
      const d = boundDgram(o.port, o.host);
      const rx = snmp.createReceiver(
        {
          port: 162, // ignored: boundDgram binds o.port
          address: o.host ?? null,
          dgramModule: d.module,
          disableAuthorization: !o.communities,
          // Answer v3 discovery but accept no v3 user: IP Office sends v1/v2c only.
        },
        onMessage,
      );
      for (const c of o.communities ?? []) rx.getAuthorizer().addCommunity(c);
      receiver = rx;
      try {
        port = await d.bound;
      } catch (err) {
        receiver = null;
        try {
          rx.close();
        } catch {
          // the socket never opened
        }
        throw err;
      }
      return port;
    },
    stop() {
      const rx = receiver;
      receiver = null;
      port = undefined;
      return new Promise<void>((resolve) => (rx ? rx.close(() => resolve()) : resolve()));
    },
    stats: () => ({ ...stats }),
  };
}
