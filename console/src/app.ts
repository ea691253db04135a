import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createBroker, type PbxwatchBroker, renderPrometheus } from '@pbxwatch/broker';
import type { Clock } from '@pbxwatch/core';
import mqtt, { type MqttClient } from 'mqtt';
import pino, { type Logger } from 'pino';
import type { Authenticator } from './api/auth.js';
import { type ApiOptions, createApi } from './api/create-api.js';
import { hashSecret, randomSecret } from './auth/passwords.js';
import { SiteCredentialStore } from './broker/site-credentials.js';
import type { ConsoleConfig } from './config/config-schema.js';
import { createNoticeDispatcher, createNoticeHook, type NoticeDispatcher } from './notices/index.js';
import { type ConsoleServices, createServices } from './services.js';
import { createCoreSlaEngine } from './sla/core-sla-engine.js';
import type { SlaEngine } from './sla/sla-port.js';
import { realTimers, type Timers } from './sla/timers.js';
import { applyMigrations, openDatabase } from './store/db.js';
import { consoleMigrations } from './store/migrations/index.js';
import type { TicketEventHook } from './tickets/ticket-events.js';
import { createWebUi } from './web/web-ui.js';

/**
 * Options of {@link createConsole} beyond the config (injected for tests).
 * @example
 * createConsole(config, { clock: { now: () => t }, logger: pino({ level: 'silent' }) });
 */
export interface ConsoleOptions {
  logger?: Logger;
  clock?: Clock;
  timers?: Timers;
  engine?: SlaEngine;
  /** Extra ticket-event hooks (the notices hook is always installed). */
  hooks?: TicketEventHook[];
  authenticators?: Authenticator[];
  /** Mounts more HTTP routes (the web UI) on the root app. */
  routes?: ApiOptions['routes'];
  /** Where first-start credentials are printed (once); default stdout. */
  print?: (text: string) => void;
}

/**
 * A running (or startable) console.
 * @example
 * const app: PbxwatchConsole = createConsole(config); await app.start(); await app.stop();
 */
export interface PbxwatchConsole {
  /** Opens the database, migrates, starts the broker, ingest, timers and HTTP. */
  start(): Promise<{ httpPort: number; mqttPort: number | null }>;
  /** Stops in reverse order and closes the database. */
  stop(): Promise<void>;
  /** The wired services (after `start()`). */
  readonly services: ConsoleServices;
  /** The embedded broker, when enabled (after `start()`). */
  readonly broker: PbxwatchBroker | null;
}

/**
 * The console process: one SQLite file, the embedded broker (unless configured off), ingest, SLA
 * timers and the HTTP API. Nothing happens until `start()`.
 * @example
 * const app = createConsole(loadConfig('console.yaml', process.env));
 * await app.start();
 */
export function createConsole(config: ConsoleConfig, o: ConsoleOptions = {}): PbxwatchConsole {
  const log = o.logger ?? pino({ name: 'pbxwatch-console', level: config.logLevel });
  const now = o.clock ? () => o.clock!.now() : Date.now;
  const timers = o.timers ?? realTimers;
  let services: ConsoleServices | undefined;
  let broker: PbxwatchBroker | null = null;
  let client: MqttClient | null = null;
  let http: ReturnType<typeof serve> | null = null;
  let notices: NoticeDispatcher | null = null;
  let web: ReturnType<typeof createWebUi> | null = null;

  return {
    get services() {
      if (!services) throw new Error('console not started');
      return services;
    },
    get broker() {
      return broker;
    },
    async start() {
      mkdirSync(config.dataDir, { recursive: true });
      const db = openDatabase(join(config.dataDir, config.dbFile));
      const applied = applyMigrations(db, consoleMigrations(), now);
      if (applied.length) log.info({ applied }, 'database migrated');
      const s = createServices({
        db,
        config,
        log,
        engine: o.engine ?? createCoreSlaEngine({ warnAt: config.sla.warnAt }),
        now,
        timers,
        hooks: o.hooks,
      });
      services = s;
      s.plans.syncPresets();
      // Notices queue inside each ticket change's transaction; the dispatcher delivers after commit.
      notices = createNoticeDispatcher({
        db,
        config: config.notices,
        clock: o.clock,
        timers,
        logger: log.child({ component: 'notices' }),
      });
      const dispatcher = notices;
      s.tickets.addHook(
        createNoticeHook({ logger: log.child({ component: 'notices' }), onQueued: () => dispatcher.kick() }),
      );
      await notices.start();
      bootstrapAdmin(s, config, o.print ?? ((t) => process.stdout.write(`${t}\n`)));

      let mqttPort: number | null = null;
      let url = config.mqtt.url ?? '';
      let username = config.mqtt.username;
      let password = config.mqtt.password;
      if (config.mqtt.embedded) {
        // The console's broker credential lives only in memory: a fresh secret each start.
        password = randomSecret(32);
        username = config.mqtt.username;
        broker = createBroker({
          credentials: new SiteCredentialStore(db, { username, hash: hashSecret(password) }),
          listeners: [{ protocol: 'tcp', host: config.mqtt.host, port: config.mqtt.port }],
          logger: log.child({ component: 'broker' }),
          clock: o.clock,
        });
        const started = await broker.start();
        const b = broker;
        s.sites.onRotate = (siteId) => b.disconnectUser(siteId);
        mqttPort = started.ports[0] ?? null;
        const host = config.mqtt.host === '0.0.0.0' ? '127.0.0.1' : config.mqtt.host;
        url = `mqtt://${host}:${mqttPort}`;
      }
      client = await mqtt.connectAsync(url, {
        username,
        password,
        clientId: config.mqtt.clientId,
        clean: !config.mqtt.persistentSession,
        reconnectPeriod: 1000,
        protocolVersion: 4,
      });
      client.on('error', (err) => log.warn({ err }, 'mqtt client error'));
      await s.ingest.start(client);
      s.liveness.start();
      s.scheduler.start();

      // The web UI is mounted unless the caller brings its own routes.
      web = o.routes ? null : createWebUi({ now });
      const app = createApi(s, {
        authenticators: [...(o.authenticators ?? []), ...(web ? [web.authenticator] : [])],
        routes: o.routes ?? web?.routes,
        extraMetrics: () => (broker ? renderPrometheus(broker.metrics()) : ''),
        health: () => ({ ok: !!client?.connected, checks: { mqtt: !!client?.connected } }),
      });
      const httpPort = await new Promise<number>((resolve) => {
        http = serve(
          { fetch: app.fetch, hostname: config.http.host, port: config.http.port },
          (info: AddressInfo) => resolve(info.port),
        );
      });
      log.info({ httpPort, mqttPort, url: config.mqtt.embedded ? 'embedded' : url }, 'console started');
      return { httpPort, mqttPort };
    },
    async stop() {
      services?.scheduler.stop();
      services?.liveness.stop();
      await services?.ingest.stop();
      await client?.endAsync();
      client = null;
      await web?.close(); // ends the UI's event streams, which would keep the HTTP server from closing
      if (http)
        await new Promise<void>((r) => (http as unknown as { close(cb: () => void): void }).close(() => r()));
      http = null;
      await broker?.stop();
      broker = null;
      await notices?.stop();
      notices = null;
      services?.db.close();
    },
  };
}

/** First start: an admin from `PBXWATCH_ADMIN_TOKEN`, or a generated admin printed once. */
function bootstrapAdmin(s: ConsoleServices, config: ConsoleConfig, print: (t: string) => void): void {
  if (config.adminToken) {
    s.tokens.ensure('admin (PBXWATCH_ADMIN_TOKEN)', 'admin', config.adminToken);
    return;
  }
  if (s.tokens.count('admin') > 0 || s.users.count() > 0) return;
  const password = randomSecret(18);
  s.users.create('admin', password, 'admin');
  const { token } = s.tokens.create('admin (first start)', 'admin');
  print(
    [
      'pbxwatch console: first start, an admin was created. These credentials are shown ONCE:',
      '  web UI user: admin',
      `  password:    ${password}`,
      `  API token:   ${token}`,
    ].join('\n'),
  );
}
