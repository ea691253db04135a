import type { Clock } from '@pbxwatch/core/protocol';
import type { Logger } from 'pino';
import type { CredentialStore } from '../credentials/credential-store.js';
import type { LoginThrottleOptions } from '../limits/login-throttle.js';

/**
 * One listening socket: plain TCP (only when configured) or TLS.
 * @example
 * const tls: ListenerOptions = { protocol: 'tls', port: 8883, tls: { certFile: 'broker.crt', keyFile: 'broker.key' } };
 */
export interface ListenerOptions {
  protocol: 'tcp' | 'tls';
  /** Address to bind; default all interfaces. Use 127.0.0.1 for a loopback-only listener. */
  host?: string;
  /** 0 picks a free port; `start()` reports the real one. */
  port: number;
  /** Required for `tls`: PEM files. */
  tls?: {
    certFile: string;
    keyFile: string;
    /** CA bundle that signs client certificates (needed with `requireClientCert`). */
    caFile?: string;
    /** Demand a client certificate signed by `caFile` whose subject CN equals the MQTT username. */
    requireClientCert?: boolean;
  };
}

/**
 * Limits that keep one bad client from hurting the others.
 * @example
 * const limits: Partial<BrokerLimits> = { maxConnections: 5000, publishRate: { perSecond: 50, burst: 500 } };
 */
export interface BrokerLimits {
  /** Largest MQTT packet, header included (default 64 KiB). Bigger: connection closed. */
  maxPacketBytes: number;
  /** Most `/`-separated levels in a topic or filter (default 8; aedes clamps to 1..100). */
  maxTopicLevels: number;
  /** Time from TCP accept (and TLS handshake) to CONNECT (default 10 s): slowloris. */
  connectTimeoutMs: number;
  /** Concurrent sockets, TCP and TLS together (default 20,000); extra sockets are closed at accept. */
  maxConnections: number;
  /** Longest client identifier (default 128); MQTT 3.1.1 lets a server refuse with rc 2. */
  maxClientIdLength: number;
  /** Per-connection publish rate of a site; over it the connection is closed. The console is exempt. */
  publishRate: { perSecond: number; burst: number };
  /** Slow-down of failed logins per remote address. */
  loginThrottle: LoginThrottleOptions;
  /** A subscriber whose socket does not drain for this long is disconnected (default 30 s). */
  drainTimeoutMs: number;
}

/**
 * The defaults of {@link BrokerLimits}.
 * @example
 * DEFAULT_LIMITS.maxPacketBytes; // 65536
 */
export const DEFAULT_LIMITS: Readonly<BrokerLimits> = Object.freeze({
  maxPacketBytes: 64 * 1024,
  maxTopicLevels: 8,
  connectTimeoutMs: 10_000,
  maxConnections: 20_000,
  maxClientIdLength: 128,
  // An agent publishes a few messages per poll; the burst lets it flush its outbox after an outage.
  publishRate: { perSecond: 50, burst: 1000 },
  loginThrottle: { baseDelayMs: 250, maxDelayMs: 10_000, forgetAfterMs: 10 * 60_000, maxAddresses: 10_000 },
  drainTimeoutMs: 30_000,
});

/**
 * Options of {@link createBroker}.
 * @example
 * const options: BrokerOptions = { credentials: store, listeners: [{ protocol: 'tcp', host: '127.0.0.1', port: 1883 }] };
 */
export interface BrokerOptions {
  credentials: CredentialStore;
  listeners: ListenerOptions[];
  limits?: Partial<BrokerLimits>;
  /** pino logger; default: pino at `info` on stdout. */
  logger?: Logger;
  /** Time source for rate limits and the login throttle; default the system clock. */
  clock?: Clock;
  /** How to wait before a failed CONNACK; injectable so tests need not sleep. */
  delay?: (ms: number) => Promise<void>;
}
