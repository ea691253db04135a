import {
  AGENT_CHANNELS,
  type AgentChannel,
  allSitesFilter,
  decodeMessage,
  encodeMessage,
  parseSiteTopic,
  siteTopic,
} from '@pbxwatch/core';
import type { Database, Statement } from 'better-sqlite3';
import type { MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/metrics.js';
import type { TimerHandle, Timers } from '../sla/timers.js';
import type { TicketEventBus } from '../tickets/event-bus.js';
import type { ApplyResult, MessageApplier, Received } from './apply-message.js';

/** One raw message waiting for the next batch. */
interface Raw {
  topic: string;
  payload: Buffer;
  receivedAt: number;
  retained: boolean;
}

/**
 * Dependencies of {@link Ingest}.
 * @example
 * new Ingest({ db, applier, bus, metrics, log, now, timers: realTimers, batchDelayMs: 5, maxBatch: 1000 });
 */
export interface IngestDeps {
  db: Database;
  applier: MessageApplier;
  bus: TicketEventBus;
  metrics: Metrics;
  log: Logger;
  now: () => number;
  timers: Timers;
  batchDelayMs: number;
  maxBatch: number;
}

const M_MSG = 'pbxwatch_ingest_messages_total';
const M_REJ = 'pbxwatch_ingest_rejected_total';
const M_DUP = 'pbxwatch_ingest_duplicates_total';
const M_ACK = 'pbxwatch_ingest_acked_events_total';
const M_BATCH = 'pbxwatch_ingest_batches_total';

/**
 * Subscribes to every site's channels, validates each message, applies a batch of them in ONE
 * transaction (one savepoint per message, so a fault in one site's message rolls back only that
 * message), and only after commit publishes the acks, batched per site (architecture.md step 5).
 * @example
 * const ingest = new Ingest(deps); await ingest.start(client); … await ingest.stop();
 */
export class Ingest {
  private queue: Raw[] = [];
  private timer: TimerHandle | null = null;
  private client: MqttClient | null = null;
  private readonly siteQ: Statement;
  private readonly applyTx: (rec: Received) => ReturnType<MessageApplier['apply']>;
  private readonly onMessage = (topic: string, payload: Buffer, packet: { retain?: boolean }) => {
    this.queue.push({ topic, payload, receivedAt: this.d.now(), retained: !!packet.retain });
    if (this.queue.length >= this.d.maxBatch) this.flush();
    else if (this.timer === null)
      this.timer = this.d.timers.setTimeout(() => this.flush(), this.d.batchDelayMs);
  };

  constructor(private readonly d: IngestDeps) {
    this.siteQ = d.db.prepare('SELECT 1 FROM sites WHERE id = ?');
    // Called inside the batch transaction, so each message runs in its own savepoint.
    this.applyTx = d.db.transaction((rec: Received) => d.applier.apply(rec));
  }

  /** Subscribes (QoS 1) to the agent channels of every site. */
  async start(client: MqttClient): Promise<void> {
    this.client = client;
    client.on('message', this.onMessage);
    await client.subscribeAsync(
      AGENT_CHANNELS.map((c) => allSitesFilter(c)),
      { qos: 1 },
    );
  }

  /** Stops listening and applies what is queued. */
  async stop(): Promise<void> {
    this.client?.removeListener('message', this.onMessage);
    this.flush();
    this.client = null;
  }

  /** Feeds one message as if received (used by the transport and by tests without a broker). */
  receive(topic: string, payload: Buffer | string, retained = false): void {
    this.onMessage(topic, Buffer.isBuffer(payload) ? payload : Buffer.from(payload), { retain: retained });
  }

  private reject(reason: string, topic: string, error: string): void {
    this.d.metrics.counter(M_REJ, 'Messages rejected, by reason', { reason });
    this.d.log.warn({ topic, reason, error }, 'message rejected');
  }

  private decode(raw: Raw): Received | null {
    const parsed = parseSiteTopic(raw.topic);
    if (!parsed || parsed.channel === 'acks') {
      this.reject('bad-topic', raw.topic, 'not an agent topic of protocol v1');
      return null;
    }
    const channel = parsed.channel as AgentChannel;
    this.d.metrics.counter(M_MSG, 'Messages received, by channel', { channel });
    const r = decodeMessage(channel, raw.payload, parsed.siteId);
    if (!r.ok) {
      this.reject(r.reason, raw.topic, r.error);
      return null;
    }
    if (!this.siteQ.get(parsed.siteId)) {
      this.reject('unknown-site', raw.topic, `site ${parsed.siteId} is not registered`);
      return null;
    }
    return {
      channel,
      siteId: parsed.siteId,
      message: r.message,
      receivedAt: raw.receivedAt,
      retained: raw.retained,
    };
  }

  /** Applies everything queued in one transaction, then publishes the acks. */
  flush(): void {
    if (this.timer !== null) this.d.timers.clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    if (!batch.length) return;
    const recs: Received[] = [];
    for (const raw of batch) {
      const rec = this.decode(raw);
      if (rec) recs.push(rec);
    }
    if (!recs.length) return;
    let acks = new Map<string, string[]>();
    const dup = { n: 0 };
    try {
      // Fast path: the whole batch in one transaction without per-message savepoints.
      this.d.db.transaction(() => {
        for (const rec of recs) this.record(rec, this.d.applier.apply(rec), acks, dup);
      })();
    } catch {
      // Some message failed: redo the batch with one savepoint per message, so that only the
      // faulty message (one site's) is rolled back and left unacknowledged.
      this.d.bus.rollbackTo(0);
      acks = new Map();
      dup.n = 0;
      try {
        this.d.db.transaction(() => {
          for (const rec of recs) this.applyIsolated(rec, acks, dup);
        })();
      } catch (e) {
        // The commit itself failed (disk full, I/O): nothing is acked, agents will resend.
        this.d.bus.rollbackTo(0);
        this.d.log.error({ err: e, size: recs.length }, 'ingest batch failed to commit');
        this.d.metrics.counter(
          M_REJ,
          'Messages rejected, by reason',
          { reason: 'commit-failed' },
          recs.length,
        );
        return;
      }
    }
    this.d.metrics.counter(M_BATCH, 'Ingest transactions committed');
    if (dup.n) this.d.metrics.counter(M_DUP, 'Events received again and acknowledged again', {}, dup.n);
    this.d.bus.flush();
    this.publishAcks(acks);
  }

  private record(rec: Received, r: ApplyResult, acks: Map<string, string[]>, dup: { n: number }): void {
    if (r.duplicate) dup.n++;
    if (r.ackId) {
      const ids = acks.get(rec.siteId) ?? [];
      ids.push(r.ackId);
      acks.set(rec.siteId, ids);
    }
  }

  private applyIsolated(rec: Received, acks: Map<string, string[]>, dup: { n: number }): void {
    const mark = this.d.bus.mark();
    try {
      this.record(rec, this.applyTx(rec), acks, dup);
    } catch (e) {
      this.d.bus.rollbackTo(mark);
      this.reject('apply-failed', siteTopic(rec.siteId, rec.channel), (e as Error).message);
      this.d.log.error({ err: e, siteId: rec.siteId }, 'applying a message failed; not acknowledged');
    }
  }

  private publishAcks(acks: Map<string, string[]>): void {
    const client = this.client;
    for (const [siteId, ids] of acks) {
      this.d.metrics.counter(M_ACK, 'Event ids acknowledged to agents', {}, ids.length);
      if (!client) continue;
      for (let i = 0; i < ids.length; i += 1000) {
        const payload = encodeMessage('acks', { v: 1, kind: 'ack', ids: ids.slice(i, i + 1000) });
        client.publish(siteTopic(siteId, 'acks'), payload, { qos: 1 }, (err) => {
          if (err) this.d.log.warn({ err, siteId }, 'ack publish failed; the agent will resend');
        });
      }
    }
  }
}
