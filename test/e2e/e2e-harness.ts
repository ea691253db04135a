/**
 * Shared pieces of the end-to-end tests: a console on real sockets (real clock, SQLite file, real
 * SMTP sink), the built agent as a child process (from ../agent/agent-fixtures.ts), a TCP "WAN"
 * proxy that can be cut, and polling.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { createConsole, type PbxwatchConsole, parseConfig } from '@pbxwatch/console';
import pino from 'pino';
import { createContact } from '../../console/src/notices/contacts.js';
import { ROOT, SITE } from '../agent/agent-fixtures.js';

export {
  AGENT_CLI,
  type AgentProcess,
  agentStateDir,
  BROKER_PASSWORD_ENV,
  pendingInOutbox,
  ROOT,
  SITE,
  spawnAgent,
  tempDir,
  writeAgentConfig,
} from '../agent/agent-fixtures.js';
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
export const ZONE = 'America/Los_Angeles';
export const HOUR = 3_600_000;

/**
 * Builds the packages the e2e tests run from dist/ (incremental: quick when up to date).
 * @example
 * beforeAll(() => buildDist());
 */
export function buildDist(): void {
  execFileSync('npx', ['tsc', '-b', 'agent', 'console'], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * A free TCP port on 127.0.0.1 (for components that must come back on the same port).
 * @example
 * const port = await freePort();
 */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * Polls until `fn` returns a truthy value (waiting on real protocol round trips, never a fixed sleep).
 * @example
 * const t = await until(() => openTicket(app), 15_000, 'ticket');
 */
export async function until<T>(
  fn: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  ms = 15_000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Console options of {@link startE2eConsole}. */
export interface E2eConsoleOptions {
  dataDir: string;
  smtpPort?: number;
  /** Fixed embedded-broker port (so a restarted console comes back where agents expect it). */
  mqttPort?: number;
  /** External broker instead of the embedded one. */
  external?: { url: string; username: string; password: string };
  print?: (t: string) => void;
}

/**
 * A console on real sockets with the real clock (the agent's clock is real too).
 * @example
 * const c = await startE2eConsole({ dataDir: dir, smtpPort: smtp.port });
 */
export async function startE2eConsole(o: E2eConsoleOptions) {
  const config = parseConfig({
    dataDir: o.dataDir,
    http: { host: '127.0.0.1', port: 0 },
    mqtt: o.external ? { embedded: false, ...o.external } : { host: '127.0.0.1', port: o.mqttPort ?? 0 },
    adminToken: ADMIN_TOKEN,
    logLevel: 'silent',
    ingest: { livenessCheck: '500ms' },
    notices: o.smtpPort
      ? {
          smtp: { host: '127.0.0.1', port: o.smtpPort, from: 'NOC <noc@provider.test>', timeoutMs: 5000 },
          retry: { baseMs: 200, maxMs: 1000 },
          pollIntervalMs: 200,
        }
      : {},
  });
  const app: PbxwatchConsole = createConsole(config, { logger: pino({ level: 'silent' }), print: o.print });
  const { httpPort, mqttPort } = await app.start();
  return { app, http: `http://127.0.0.1:${httpPort}`, mqttPort, mqttUrl: `mqtt://127.0.0.1:${mqttPort}` };
}

/**
 * Calls the console API with the admin token; JSON answer.
 * @example
 * const r = await api(c.http, '/api/v1/tickets?state=live');
 */
export async function api(base: string, p: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${base}${p}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON fields of API answers
  const body = (await res.json()) as Record<string, any>;
  if (res.status >= 400)
    throw new Error(`${init.method ?? 'GET'} ${p}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/**
 * Customer "Acme Corp" (API), site on `roi-priority` (API, returns the MQTT secret once), and an
 * email contact (the notices store: the API has no contacts route).
 * @example
 * const secret = await seedSite(c, 'acme-hq');
 */
export async function seedSite(
  c: { app: PbxwatchConsole; http: string },
  siteId = SITE,
  zone = ZONE,
): Promise<string> {
  const customer = await api(c.http, '/api/v1/customers', {
    method: 'POST',
    body: { name: `Acme Corp ${siteId}` },
  });
  const created = await api(c.http, '/api/v1/sites', {
    method: 'POST',
    body: { id: siteId, name: 'Acme HQ', customerId: customer.id, plan: 'roi-priority', timeZone: zone },
  });
  createContact(c.app.services.db, {
    customerId: customer.id as number,
    name: 'IT desk',
    email: 'it@acme.test',
  });
  return created.mqtt.secret as string;
}

/**
 * A TCP relay standing for the WAN between a site and the NOC: `cut()` drops every connection and
 * refuses new ones (the agent sees the broker unreachable), `restore()` relays again on the same port.
 * @example
 * const wan = await startWanProxy(brokerPort); ... await wan.cut(); ... await wan.restore();
 */
export async function startWanProxy(targetPort: number) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = tcpConnect(targetPort, '127.0.0.1');
        for (const x of [client, upstream]) {
          sockets.add(x);
          x.on('close', () => sockets.delete(x));
          x.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream);
        upstream.pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
      server = s;
    });
  await listen();
  const cut = async () => {
    const s = server as Server | null;
    server = null;
    for (const x of sockets) x.destroy();
    if (s) await new Promise<void>((r) => s.close(() => r()));
  };
  return { port, url: `mqtt://127.0.0.1:${port}`, cut, restore: listen, close: cut };
}

/**
 * How many `stations` changes of one kind the agent has logged (its JSON lines on stdout): the
 * agent's own word that it detected a fault, even while the link to the console is cut.
 * @example
 * await until(() => stationsLogged(agent.log(), 'raised') === 1, 10_000, 'raised');
 */
export function stationsLogged(log: string, change: 'raised' | 'updated' | 'cleared'): number {
  return log
    .split('\n')
    .filter((l) => l.includes('"msg":"condition"') && l.includes('"stations"') && l.includes(`"${change}"`))
    .length;
}
