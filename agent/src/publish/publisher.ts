import {
  type Clock,
  decodeMessage,
  encodeMessage,
  type HeartbeatMessage,
  PROTOCOL_VERSION,
  siteTopic,
} from '@pbxwatch/core/protocol';
import type { IClientOptions, MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { EventBody, Outbox, TelemetryBody } from '../outbox/outbox.js';
import { createBackoff } from './backoff.js';
import { connectBroker } from './broker-connection.js';
import { type BrokerIdentity, brokerClientOptions } from './client-options.js';
import type { Timers } from './timers.js';

/** Options of {@link createPublisher}. */
export interface PublisherOptions {
  siteId: string;
  bootId: string;
  broker: BrokerIdentity & { keepalive: number };
  outbox: Outbox;
  clock: Clock;
  uptime: () => number;
  timers: Timers;
  log: Logger;
  /** Most events published and not yet acked by the console (default 64). */
  window?: number;
  /** An event not acked within this is sent again (default 30 s). */
  ackTimeout?: number;
  reconnect?: { baseMs: number; maxMs: number };
  random?: () => number;
}

/** Counters of the publisher, for tests and logs. */
export interface PublisherStats {
  connected: boolean;
  inflight: number;
  maxInflight: number;
  eventsSent: number;
  eventsResent: number;
  acked: number;
  invalidAcks: number;
  connects: number;
}

/**
 * The MQTT side of the agent. Clean session (the outbox, not the broker, is the durability:
 * architecture.md §5), own reconnect schedule with backoff and jitter (MQTT.js's is a fixed period),
 * retained `online` birth and `offline` will, events at QoS 1 through a window of `window` events
 * awaiting the console's ack, resent after `ackTimeout`; telemetry and heartbeats at QoS 0.
 * @example
 * const pub = createPublisher({ siteId, bootId, broker: cfg.broker, outbox, clock, uptime, timers, log });
 * await pub.start(); pub.kick(); await pub.stop();
 */
export function createPublisher(o: PublisherOptions) {
  const window = o.window ?? 64;
  const ackTimeout = o.ackTimeout ?? 30_000;
  const backoff = createBackoff({
    ...(o.reconnect ?? { baseMs: 1000, maxMs: 60_000 }),
    random: o.random ?? Math.random,
  });
  const topic = (c: 'events' | 'telemetry' | 'heartbeat' | 'status' | 'acks') => siteTopic(o.siteId, c);
  const inflight = new Map<string, number>();
  const stats: PublisherStats = {
    connected: false,
    inflight: 0,
    maxInflight: 0,
    eventsSent: 0,
    eventsResent: 0,
    acked: 0,
    invalidAcks: 0,
    connects: 0,
  };
  const everSent = new Set<string>();
  let client: MqttClient | null = null;
  let seq = 0;
  let stopping = false;
  let reconnectTimer: unknown = null;
  let sweepTimer: unknown = null;
  let flushingTelemetry = false;

  const envelope = () => ({
    v: PROTOCOL_VERSION,
    siteId: o.siteId,
    bootId: o.bootId,
    seq: seq++,
    sentAt: new Date(o.clock.now()).toISOString(),
    uptimeMs: Math.max(0, o.uptime()),
  });
  const status = (state: 'online' | 'offline') =>
    encodeMessage('status', {
      v: PROTOCOL_VERSION,
      kind: 'status',
      siteId: o.siteId,
      bootId: o.bootId,
      state,
      sentAt: new Date(o.clock.now()).toISOString(),
    });

  function drain(): void {
    if (!client || !stats.connected) return;
    const room = window - inflight.size;
    if (room <= 0) return;
    for (const body of o.outbox.pendingEvents(room, new Set(inflight.keys()))) sendEvent(body);
    stats.inflight = inflight.size;
    flushTelemetry();
  }

  function sendEvent(body: EventBody): void {
    let payload: string;
    try {
      payload = encodeMessage('events', { ...envelope(), ...body });
    } catch (e) {
      // Never expected (events are built from the schema); a bad row must not block the box forever.
      o.log.error({ err: (e as Error).message, id: body.id }, 'outbox event fails the schema; dropping it');
      o.outbox.ack([body.id]);
      return;
    }
    inflight.set(body.id, o.uptime());
    stats.maxInflight = Math.max(stats.maxInflight, inflight.size);
    if (everSent.has(body.id)) stats.eventsResent++;
    else everSent.add(body.id);
    stats.eventsSent++;
    client?.publish(topic('events'), payload, { qos: 1 }, (err) => {
      if (err) o.log.debug({ id: body.id, err: err.message }, 'event publish interrupted; will resend');
    });
  }

  function flushTelemetry(): void {
    if (flushingTelemetry || !client || !stats.connected) return;
    const rows = o.outbox.takeTelemetry(128);
    if (rows.length === 0) return;
    flushingTelemetry = true;
    let left = rows.length;
    const done: number[] = [];
    for (const r of rows) {
      client.publish(
        topic('telemetry'),
        encodeMessage('telemetry', { ...envelope(), ...r.body }),
        { qos: 0 },
        (err) => {
          if (!err) done.push(r.rowid);
          if (--left === 0) {
            o.outbox.deleteTelemetry(done);
            flushingTelemetry = false;
            if (done.length === rows.length) flushTelemetry();
          }
        },
      );
    }
  }

  function sweep(): void {
    sweepTimer = null;
    if (stopping) return;
    const now = o.uptime();
    let expired = 0;
    for (const [id, at] of inflight) {
      if (now - at >= ackTimeout) {
        inflight.delete(id);
        expired++;
      }
    }
    if (expired > 0) o.log.info({ expired }, 'events not acked in time; resending');
    drain();
    sweepTimer = o.timers.setTimeout(sweep, Math.max(50, ackTimeout / 4));
  }

  function onAck(payload: Buffer): void {
    const r = decodeMessage('acks', payload);
    if (!r.ok) {
      stats.invalidAcks++;
      o.log.warn({ reason: r.reason, error: r.error }, 'ignoring malformed ack');
      return;
    }
    const n = o.outbox.ack(r.message.ids);
    for (const id of r.message.ids) {
      inflight.delete(id);
      everSent.delete(id);
    }
    stats.acked += n;
    stats.inflight = inflight.size;
    drain();
  }

  function scheduleReconnect(): void {
    if (stopping || reconnectTimer !== null) return;
    const delay = backoff.next();
    o.log.info({ delayMs: delay, attempt: backoff.attempts() }, 'broker connection lost; reconnecting later');
    reconnectTimer = o.timers.setTimeout(() => {
      reconnectTimer = null;
      if (!stopping) client?.reconnect();
    }, delay);
  }

  function options(): IClientOptions {
    return {
      ...brokerClientOptions(o.broker, o.siteId),
      keepalive: Math.round(o.broker.keepalive / 1000),
      will: { topic: topic('status'), payload: Buffer.from(status('offline')), qos: 1, retain: true },
    };
  }

  return {
    /** Connects (in the background: an unreachable broker never blocks the agent). */
    start(): void {
      stopping = false;
      const c = connectBroker(o.broker.url, options());
      client = c;
      c.on('connect', () => {
        stats.connected = true;
        stats.connects++;
        backoff.reset();
        inflight.clear();
        o.log.info({ url: o.broker.url }, 'connected to broker');
        c.subscribe(topic('acks'), { qos: 1 }, (err) => {
          if (err) o.log.error({ err: err.message }, 'cannot subscribe to acks');
        });
        c.publish(topic('status'), status('online'), { qos: 1, retain: true });
        drain();
      });
      c.on('message', (t, payload) => {
        if (t === topic('acks')) onAck(payload);
      });
      c.on('error', (err) => o.log.warn({ err: err.message }, 'broker connection error'));
      c.on('close', () => {
        stats.connected = false;
        // Whatever was in flight is resent after reconnecting (the console dedupes by event id).
        inflight.clear();
        stats.inflight = 0;
        scheduleReconnect();
      });
      sweepTimer = o.timers.setTimeout(sweep, Math.max(50, ackTimeout / 4));
    },
    /** Something new is in the outbox: send it if there is room in the window. */
    kick(): void {
      drain();
    },
    /** Telemetry of one poll: published now when connected (QoS 0), else kept in the outbox. */
    publishTelemetry(body: TelemetryBody): void {
      if (client && stats.connected && !flushingTelemetry && o.outbox.stats().pendingTelemetry === 0) {
        client.publish(topic('telemetry'), encodeMessage('telemetry', { ...envelope(), ...body }), {
          qos: 0,
        });
      } else {
        o.outbox.addTelemetry(body);
        flushTelemetry();
      }
    },
    /** A heartbeat (QoS 0); skipped while offline: a stale heartbeat tells the console nothing. */
    publishHeartbeat(body: Pick<HeartbeatMessage, 'intervalMs' | 'agentVersion' | 'outbox'>): boolean {
      if (!client || !stats.connected) return false;
      client.publish(
        topic('heartbeat'),
        encodeMessage('heartbeat', { ...envelope(), kind: 'heartbeat', ...body }),
        {
          qos: 0,
        },
      );
      return true;
    },
    stats(): PublisherStats {
      return { ...stats, inflight: inflight.size };
    },
    /** Publishes the retained `offline` status when connected, then disconnects; bounded by `graceMs`. */
    async stop(graceMs = 2000): Promise<void> {
      stopping = true;
      if (reconnectTimer !== null) o.timers.clearTimeout(reconnectTimer);
      if (sweepTimer !== null) o.timers.clearTimeout(sweepTimer);
      reconnectTimer = sweepTimer = null;
      const c = client;
      client = null;
      if (!c) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => c.end(true, () => resolve()), graceMs);
        const end = () => {
          clearTimeout(t);
          c.end(false, () => resolve());
        };
        if (stats.connected) c.publish(topic('status'), status('offline'), { qos: 1, retain: true }, end);
        else end();
      });
      stats.connected = false;
    },
  };
}

/**
 * A running publisher as returned by {@link createPublisher}.
 * @example
 * let pub: Publisher | null = null;
 */
export type Publisher = ReturnType<typeof createPublisher>;
