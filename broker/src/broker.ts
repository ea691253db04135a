import type { Socket } from 'node:net';
import { Aedes } from 'aedes';
import pino from 'pino';
import { FrameGuard } from './limits/frame-guard.js';
import { LoginThrottle } from './limits/login-throttle.js';
import { TokenBucket } from './limits/token-bucket.js';
import { type BrokerMetrics, MetricsCounters } from './metrics/broker-metrics.js';
import { AccessHooks } from './server/access-hooks.js';
import { Authenticator, COUNTED } from './server/authenticator.js';
import { type BrokerLimits, type BrokerOptions, DEFAULT_LIMITS } from './server/broker-options.js';
import { type OpenListener, openListener } from './server/listener.js';
import { SessionRegistry } from './server/session-registry.js';

/**
 * What `start()` reports: the real port of each listener, in the order configured.
 * @example
 * const { ports } = await broker.start(); // ports[0] is the real port of a port-0 listener
 */
export interface StartedBroker {
  ports: number[];
  listeners: { protocol: 'tcp' | 'tls'; host: string; port: number }[];
}

/**
 * The pbxwatch broker: aedes with per-site auth, topic ACL, TLS and limits.
 * @example
 * const broker: PbxwatchBroker = createBroker(options);
 * await broker.start();
 * broker.metrics().connectedClients;
 */
export interface PbxwatchBroker {
  /** Opens the listeners; resolves once all are bound. */
  start(): Promise<StartedBroker>;
  /** Closes listeners and every connection. */
  stop(): Promise<void>;
  /** Closes every live session of a user at once (after a revoke or rotate); returns how many. */
  disconnectUser(username: string): number;
  /** A snapshot of the counters. */
  metrics(): BrokerMetrics;
  /** The aedes instance, once started (for in-process publish/subscribe by the console). */
  readonly aedes: Aedes | undefined;
  /** The effective limits. */
  readonly limits: Readonly<BrokerLimits>;
}

// aedes reports its own pre-checks (before our hooks) only as clientError messages.
const AEDES_REFUSALS: [RegExp, 'publish' | 'subscribe', string][] = [
  [/is not allowed in PUBLISH|empty topic not allowed in PUBLISH/, 'publish', 'invalid-topic'],
  [/topic has too many levels/, 'publish', 'topic-levels'],
  [/in SUBSCRIBE|to an empty topic/, 'subscribe', 'invalid-filter'],
];

/**
 * Creates the broker (nothing happens until `start()`).
 * @example
 * const broker = createBroker({ credentials: store, listeners: [{ protocol: 'tcp', host: '127.0.0.1', port: 0 }] });
 * const { ports } = await broker.start();
 * // ... later: store changed
 * broker.disconnectUser('acme-hq');
 * await broker.stop();
 */
export function createBroker(options: BrokerOptions): PbxwatchBroker {
  const limits: Readonly<BrokerLimits> = Object.freeze({ ...DEFAULT_LIMITS, ...options.limits });
  const logger = options.logger ?? pino({ name: 'pbxwatch-broker' });
  const clock = options.clock ?? { now: () => Date.now() };
  const delay = options.delay ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const counters = new MetricsCounters();
  const registry = new SessionRegistry();
  const certRequired = new WeakSet<object>();
  const sockets = new Set<Socket>();
  let aedes: Aedes | undefined;
  let open: OpenListener[] = [];

  const auth = new Authenticator({
    store: options.credentials,
    registry,
    throttle: new LoginThrottle(limits.loginThrottle, clock),
    counters,
    logger,
    maxClientIdLength: limits.maxClientIdLength,
    certRequired,
    delay,
  });
  const access = new AccessHooks({
    registry,
    counters,
    logger,
    newBucket: () => new TokenBucket(limits.publishRate, clock),
  });

  function onSocket(socket: Socket, requiresCert: boolean): void {
    if (!aedes || aedes.closed) {
      socket.destroy();
      return;
    }
    if (sockets.size >= limits.maxConnections) {
      counters.refuse('connect', 'max-connections');
      logger.warn({ address: socket.remoteAddress }, 'connection refused: max connections');
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    if (requiresCert) certRequired.add(socket);
    guardFrames(socket);
    aedes.handle(socket);
  }

  /**
   * aedes has no packet size limit, and mqtt-packet buffers a whole packet before parsing it.
   * aedes pulls bytes only through `socket.read()`, so checking there costs no extra stream hop.
   */
  function guardFrames(socket: Socket): void {
    const guard = new FrameGuard(limits.maxPacketBytes);
    const read = socket.read;
    socket.read = function guardedRead(this: Socket, size?: number) {
      const chunk = read.call(this, size) as Buffer | null;
      if (chunk) {
        const bad = guard.feed(chunk);
        if (bad) {
          counters.refuse('packet', bad.size < 0 ? 'malformed' : 'too-large');
          logger.warn(
            { address: socket.remoteAddress, size: bad.size, max: limits.maxPacketBytes },
            'packet refused; closing connection',
          );
          socket.destroy();
          return null;
        }
      }
      return chunk;
    };
  }

  function onClientError(client: { id?: string } | null, err: Error): void {
    if ((err as unknown as Record<symbol, unknown>)[COUNTED]) return;
    const hit = AEDES_REFUSALS.find(([re]) => re.test(err.message));
    if (hit) {
      counters.refuse(hit[1], hit[2]);
      logger.warn({ clientId: client?.id, reason: hit[2], detail: err.message }, `${hit[1]} refused`);
    } else {
      logger.debug({ clientId: client?.id, err: err.message }, 'client error');
    }
  }

  return {
    get aedes() {
      return aedes;
    },
    limits,
    async start() {
      aedes = await Aedes.createBroker({
        connectTimeout: limits.connectTimeoutMs,
        maxTopicLevels: limits.maxTopicLevels,
        drainTimeout: limits.drainTimeoutMs,
        preConnect: auth.preConnect,
        authenticate: auth.authenticate,
        authorizePublish: access.authorizePublish,
        authorizeSubscribe: access.authorizeSubscribe,
        authorizeForward: access.authorizeForward,
      });
      aedes.on('clientDisconnect', (client) => registry.unbind(client));
      aedes.on('clientError', onClientError);
      aedes.on('connectionError', onClientError);
      const onTlsError = (err: Error) => {
        counters.refuse('connect', 'tls');
        logger.warn({ err: err.message }, 'TLS handshake failed');
      };
      try {
        for (const l of options.listeners) {
          open.push(await openListener(l, onSocket, logger, limits.connectTimeoutMs, onTlsError));
        }
      } catch (err) {
        await this.stop();
        throw err;
      }
      return {
        ports: open.map((l) => l.port),
        listeners: open.map(({ protocol, host, port }) => ({ protocol, host, port })),
      };
    },
    async stop() {
      const closing = open.map((l) => l.close());
      open = [];
      const a = aedes;
      if (a) await new Promise<void>((r) => a.close(() => r()));
      // Sockets that never sent CONNECT are not aedes clients; close them too.
      for (const s of sockets) s.destroy();
      await Promise.all(closing);
    },
    disconnectUser(username: string) {
      auth.forget(username);
      const clients = registry.clientsOf(username);
      for (const c of clients) {
        logger.info({ clientId: c.id, username }, 'disconnecting user: credential changed');
        c.close();
      }
      return clients.length;
    },
    metrics() {
      return counters.snapshot(aedes?.closed === false ? aedes.connectedClients : 0);
    },
  };
}
