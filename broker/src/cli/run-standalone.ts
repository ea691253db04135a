import type { Server } from 'node:http';
import pino, { type Logger } from 'pino';
import { createBroker, type PbxwatchBroker, type StartedBroker } from '../broker.js';
import type { BrokerConfig } from '../config/broker-config.js';
import { PasswordFileStore } from '../credentials/password-file-store.js';
import { serveMetrics } from '../metrics/metrics-server.js';

/**
 * A running standalone broker.
 * @example
 * const running: StandaloneBroker = await runStandalone(config);
 * await running.stop();
 */
export interface StandaloneBroker {
  broker: PbxwatchBroker;
  store: PasswordFileStore;
  started: StartedBroker;
  /** Port of `/metrics`, if configured. */
  metricsPort?: number;
  stop(): Promise<void>;
}

/**
 * Starts the standalone broker: password file store (revocations disconnect at once), listeners,
 * and the `/metrics` endpoint. Signals are the caller's business (the CLI maps SIGHUP to reload).
 * @example
 * const running = await runStandalone(await loadBrokerConfig('broker.yaml'));
 * process.on('SIGHUP', () => void running.store.reload());
 */
export async function runStandalone(
  config: BrokerConfig,
  logger: Logger = pino({ name: 'pbxwatch-broker', level: config.logLevel }),
): Promise<StandaloneBroker> {
  let broker: PbxwatchBroker | undefined;
  const store = new PasswordFileStore({
    path: config.passwordFile,
    logger,
    onRevoke: (users) => {
      for (const u of users) broker?.disconnectUser(u);
    },
  });
  await store.start();
  broker = createBroker({
    credentials: store,
    listeners: [...config.listeners],
    limits: config.limits,
    logger,
  });
  let started: StartedBroker;
  try {
    started = await broker.start();
  } catch (e) {
    await store.stop();
    throw e;
  }
  let metrics: Server | undefined;
  if (config.metrics) {
    const b = broker;
    metrics = await serveMetrics(() => b.metrics(), config.metrics.host, config.metrics.port);
  }
  const addr = metrics?.address();
  const b = broker;
  return {
    broker: b,
    store,
    started,
    metricsPort: typeof addr === 'object' && addr ? addr.port : undefined,
    async stop() {
      metrics?.closeAllConnections();
      await new Promise<void>((r) => (metrics ? metrics.close(() => r()) : r()));
      await store.stop();
      await b.stop();
    },
  };
}
