import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsole, type PbxwatchConsole, parseConfig } from '@pbxwatch/console';
import {
  type EventMessage,
  encodeMessage,
  type HeartbeatMessage,
  type StatusMessage,
  siteTopic,
} from '@pbxwatch/core';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';

/** A console on real TCP ports (embedded aedes broker, HTTP), SQLite in a temp dir, a test clock. */
export interface ConsoleFixture {
  app: PbxwatchConsole;
  clock: { t: number; now(): number };
  http: string;
  mqttUrl: string;
  token: string;
  dir: string;
  close(): Promise<void>;
}

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/**
 * Starts a console for a test.
 * @example
 * const f = await startConsole(); … await f.close();
 */
export async function startConsole(extra: Record<string, unknown> = {}): Promise<ConsoleFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'pbxwatch-console-e2e-'));
  const clock = {
    t: Date.parse('2026-11-23T15:00:00Z'),
    now() {
      return this.t;
    },
  };
  const config = parseConfig({
    dataDir: dir,
    http: { host: '127.0.0.1', port: 0 },
    mqtt: { host: '127.0.0.1', port: 0 },
    adminToken: ADMIN_TOKEN,
    logLevel: 'silent',
    ...extra,
  });
  const app = createConsole(config, { clock, logger: pino({ level: 'silent' }) });
  const { httpPort, mqttPort } = await app.start();
  return {
    app,
    clock,
    http: `http://127.0.0.1:${httpPort}`,
    mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
    token: ADMIN_TOKEN,
    dir,
    async close() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A simulated agent: a real mqtt.js client logged in as its site, collecting acks. */
export interface FakeAgent {
  client: MqttClient;
  siteId: string;
  bootId: string;
  acks: string[][];
  /** Agent wall clock = console test clock + skew. */
  skewMs: number;
  uptimeMs: number;
  seq: number;
  waitForAck(id: string, count?: number): Promise<void>;
}

/**
 * Connects an agent with a will (`status` offline, retained), subscribed to its acks.
 * @example
 * const agent = await connectAgent(f, 'acme-hq', secret);
 */
export async function connectAgent(
  f: ConsoleFixture,
  siteId: string,
  secret: string,
  skewMs = 0,
): Promise<FakeAgent> {
  const bootId = randomUUID();
  const will: StatusMessage = {
    v: 1,
    kind: 'status',
    siteId,
    bootId,
    state: 'offline',
    sentAt: new Date(f.clock.now() + skewMs).toISOString(),
  };
  const client = await mqtt.connectAsync(f.mqttUrl, {
    username: siteId,
    password: secret,
    clientId: `agent-${siteId}-${bootId.slice(0, 8)}`,
    reconnectPeriod: 0,
    will: {
      topic: siteTopic(siteId, 'status'),
      payload: Buffer.from(encodeMessage('status', will)),
      qos: 1,
      retain: true,
    },
  });
  const acks: string[][] = [];
  const waiters: (() => void)[] = [];
  client.on('message', (_t, payload) => {
    acks.push(JSON.parse(payload.toString()).ids);
    for (const w of waiters.splice(0)) w();
  });
  await client.subscribeAsync(siteTopic(siteId, 'acks'), { qos: 1 });
  const agent: FakeAgent = {
    client,
    siteId,
    bootId,
    acks,
    skewMs,
    uptimeMs: 100_000,
    seq: 0,
    async waitForAck(id, count = 1) {
      const n = () => acks.flat().filter((x) => x === id).length;
      for (let i = 0; i < 200 && n() < count; i++) {
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
      if (n() < count) throw new Error(`no ack for ${id} (x${count}); got ${JSON.stringify(acks)}`);
    },
  };
  return agent;
}

function envelope(f: ConsoleFixture, a: FakeAgent) {
  return {
    v: 1 as const,
    siteId: a.siteId,
    bootId: a.bootId,
    seq: ++a.seq,
    sentAt: new Date(f.clock.now() + a.skewMs).toISOString(),
    uptimeMs: a.uptimeMs,
  };
}

/**
 * A heartbeat from the agent at the current test time.
 * @example
 * await publishHeartbeat(f, agent);
 */
export async function publishHeartbeat(f: ConsoleFixture, a: FakeAgent, intervalMs = 30_000): Promise<void> {
  const hb: HeartbeatMessage = {
    ...envelope(f, a),
    kind: 'heartbeat',
    intervalMs,
    agentVersion: '0.1.0',
    outbox: { pending: 0, droppedTelemetry: 0, droppedEvents: 0 },
  };
  await a.client.publishAsync(siteTopic(a.siteId, 'heartbeat'), encodeMessage('heartbeat', hb), { qos: 1 });
}

/**
 * An event as the agent would send it, `agoMs` after the change happened (agent clock).
 * @example
 * const ev = makeEvent(f, agent, { condition: 'pbx-down', change: 'raised', priority: 'P1' });
 */
export function makeEvent(
  f: ConsoleFixture,
  a: FakeAgent,
  p: Pick<EventMessage, 'condition' | 'change' | 'priority'> & { agoMs?: number; detectedAgoMs?: number },
): EventMessage {
  const env = envelope(f, a);
  const ago = p.agoMs ?? 5000;
  const at = Date.parse(env.sentAt) - ago;
  return {
    ...env,
    kind: 'event',
    id: randomUUID(),
    condition: p.condition,
    change: p.change,
    priority: p.priority,
    at: new Date(at).toISOString(),
    atUptimeMs: a.uptimeMs - ago,
    detectedAt: new Date(at - (p.detectedAgoMs ?? 0)).toISOString(),
    summary: `${p.condition} ${p.change}`,
    detail: {},
  };
}

/**
 * Publishes an event at QoS 1.
 * @example
 * await publishEvent(agent, ev);
 */
export async function publishEvent(a: FakeAgent, ev: EventMessage): Promise<void> {
  await a.client.publishAsync(siteTopic(a.siteId, 'events'), encodeMessage('events', ev), { qos: 1 });
}

/**
 * Calls the API with the admin token (or another).
 * @example
 * const r = await api(f, '/api/v1/tickets?state=open');
 */
export async function api(
  f: ConsoleFixture,
  path: string,
  init: RequestInit & { token?: string | null } = {},
) {
  const headers = new Headers(init.headers);
  const token = init.token === undefined ? f.token : init.token;
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (init.body) headers.set('content-type', 'application/json');
  const res = await fetch(`${f.http}${path}`, { ...init, headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV or empty
  }
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON fields of API answers
  return { status: res.status, body: body as Record<string, any>, text };
}

/**
 * Polls until `fn` returns a truthy value (real protocol round trips only).
 * @example
 * await until(() => services.ticketRepo.findLive('a', 'pbx-down'));
 */
export async function until<T>(fn: () => T | null | undefined | false, what = 'condition'): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
