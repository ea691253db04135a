import type { Clock } from '@pbxwatch/core';
import type { Database } from 'better-sqlite3';
import pino, { type Logger } from 'pino';
import { retryDelay } from './backoff.js';
import type { DeliveryResult, NoticeSender } from './delivery.js';
import { describeError } from './delivery.js';
import { type DeliveryConfigInput, parseDeliveryConfig } from './delivery-config.js';
import {
  claimDue,
  markFailed,
  markRetry,
  markSent,
  nextDueAt,
  pendingCounts,
  type QueuedNotice,
  recoverSending,
} from './queue.js';
import { selectRecipient } from './recipient-store.js';
import { createSmtpSender } from './smtp-channel.js';
import { NOTICE_CHANNELS, type NoticeChannel } from './types.js';
import { createWebhookSender } from './webhook-channel.js';

/**
 * Timer functions, injectable so tests drive time (as MQTT.js's KeepaliveManager does).
 * @example
 * const timers: Timers = { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Options of {@link createNoticeDispatcher}.
 * @example
 * createNoticeDispatcher({ db, config: { smtp: { host: 'smtp.p.test', from: 'noc@p.test' } }, logger });
 */
export interface NoticeDispatcherOptions {
  db: Database;
  /** Validated here (throws naming the field path) and frozen. */
  config: DeliveryConfigInput;
  clock?: Clock;
  timers?: Timers;
  /** [0, 1) source for the retry jitter. */
  random?: () => number;
  logger?: Logger;
  /** Replaces a channel's sender (the real SMTP and webhook senders by default). */
  senders?: Partial<Record<NoticeChannel, NoticeSender>>;
}

/**
 * Counters since `start()`, per channel; `queued` is the number of notices waiting now.
 * @example
 * const m: NoticeMetrics = dispatcher.metrics(); m.email.sent;
 */
export type NoticeMetrics = Record<
  NoticeChannel,
  { queued: number; sent: number; failed: number; retries: number }
>;

/**
 * Delivers the notice queue. See {@link createNoticeDispatcher}.
 * @example
 * await dispatcher.start(); dispatcher.kick(); await dispatcher.stop();
 */
export interface NoticeDispatcher {
  /** Puts rows a crash left `sending` back to pending, opens the channels and starts sending. */
  start(): Promise<void>;
  /** Stops scheduling, waits for the sends in flight, closes the channels. */
  stop(): Promise<void>;
  /** Looks at the queue at once (on the next timer turn: safe inside a transaction). */
  kick(): void;
  /** Resolves when no pass over the queue is running (for tests driving the clock). */
  idle(): Promise<void>;
  metrics(): NoticeMetrics;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Creates the notice dispatcher (does nothing until `start()`). It claims due rows in small
 * batches, sends each over its channel, and marks it sent; a transient failure is retried with
 * capped exponential backoff and jitter, a permanent one (SMTP 5xx, webhook 4xx other than
 * 408/429) or the last allowed attempt makes it `failed-permanent`. It never throws out of its
 * loop: errors are logged and counted.
 *
 * Delivery is at least once: a crash after the receiver accepted a notice but before the row was
 * marked sent resends it on restart, with the same Message-ID / X-Pbxwatch-Event-Id, so receivers
 * can dedupe. One dispatcher per database.
 * @example
 * const d = createNoticeDispatcher({ db, config: { smtp }, logger });
 * await d.start();
 * const hook = createNoticeHook({ onQueued: () => d.kick() });
 */
export function createNoticeDispatcher(options: NoticeDispatcherOptions): NoticeDispatcher {
  const config = parseDeliveryConfig(options.config);
  const { db } = options;
  const clock = options.clock ?? { now: () => Date.now() };
  const timers = options.timers ?? realTimers;
  const random = options.random ?? Math.random;
  const log = options.logger ?? pino({ level: 'silent' });
  const counts = Object.fromEntries(
    NOTICE_CHANNELS.map((c) => [c, { sent: 0, failed: 0, retries: 0 }]),
  ) as Record<NoticeChannel, { sent: number; failed: number; retries: number }>;
  let senders: Partial<Record<NoticeChannel, NoticeSender>> = {};
  let running = false;
  let timer: unknown;
  let pass: Promise<void> | null = null;
  let again = false;

  function schedule(ms: number): void {
    if (!running) return;
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = undefined;
      run();
    }, ms);
  }

  function record(n: QueuedNotice, r: DeliveryResult): void {
    const now = clock.now();
    const c = counts[n.channel];
    if (r.ok) {
      markSent(db, n.id, now, r.messageId);
      c.sent++;
      log.info(
        { noticeId: n.id, ticketId: n.ticketId, stage: n.stage, channel: n.channel, attempts: n.attempts },
        'notice sent',
      );
    } else if (r.permanent || n.attempts >= config.retry.maxAttempts) {
      markFailed(db, n.id, r.error);
      c.failed++;
      log.error(
        { noticeId: n.id, channel: n.channel, attempts: n.attempts, error: r.error },
        'notice failed permanently',
      );
    } else {
      const delay = Math.min(
        config.retry.maxMs,
        Math.max(retryDelay(n.attempts, config.retry, random), r.retryAfterMs ?? 0),
      );
      markRetry(db, n.id, now + delay, r.error);
      c.retries++;
      log.warn(
        { noticeId: n.id, channel: n.channel, attempts: n.attempts, retryInMs: delay, error: r.error },
        'notice will be retried',
      );
    }
  }

  async function deliver(n: QueuedNotice): Promise<void> {
    const sender = senders[n.channel];
    let r: DeliveryResult;
    try {
      r = sender
        ? await sender.send(n)
        : { ok: false, permanent: false, error: `${n.channel} channel is not configured` };
    } catch (err) {
      r = { ok: false, permanent: false, error: describeError(err) };
    }
    try {
      record(n, r);
    } catch (err) {
      // The row stays `sending` and is retried on the next start: at least once, never lost.
      log.error({ err, noticeId: n.id }, 'notices: could not record a delivery');
    }
  }

  async function drain(): Promise<void> {
    for (;;) {
      const batch = claimDue(db, clock.now(), config.batchSize);
      await Promise.all(batch.map(deliver));
      if (batch.length < config.batchSize || !running) return;
    }
  }

  function run(): void {
    if (pass) {
      again = true;
      return;
    }
    pass = drain()
      .catch((err) => log.error({ err }, 'notices: queue pass failed'))
      .finally(() => {
        pass = null;
        if (again) {
          again = false;
          schedule(0);
          return;
        }
        let next: number | null = null;
        try {
          next = nextDueAt(db);
        } catch (err) {
          log.error({ err }, 'notices: could not read the queue');
        }
        const wait = next === null ? config.pollIntervalMs : next - clock.now();
        schedule(Math.max(0, Math.min(config.pollIntervalMs, wait)));
      });
  }

  return {
    async start() {
      if (running) return;
      const recovered = recoverSending(db, clock.now());
      if (recovered) log.warn({ recovered }, 'notices: resending notices interrupted by a stop or crash');
      senders = {
        email: config.smtp && createSmtpSender(config.smtp, clock),
        webhook: createWebhookSender(
          config.webhook,
          clock,
          (n) => selectRecipient(db, n.recipientKind, n.recipientId)?.webhookSecret ?? undefined,
        ),
        ...options.senders,
      };
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      await pass;
      for (const s of Object.values(senders)) s?.close();
      senders = {};
    },
    kick() {
      schedule(0);
    },
    idle: async () => {
      while (pass) await pass;
    },
    metrics() {
      let queued: Record<NoticeChannel, number> = { email: 0, webhook: 0 };
      try {
        queued = pendingCounts(db);
      } catch (err) {
        log.error({ err }, 'notices: could not count the queue');
      }
      return Object.fromEntries(
        NOTICE_CHANNELS.map((c) => [c, { queued: queued[c], ...counts[c] }]),
      ) as NoticeMetrics;
    },
  };
}
