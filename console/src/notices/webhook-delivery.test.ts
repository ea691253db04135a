import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContact, deleteContact } from './contacts.js';
import { createNoticeDispatcher, type NoticeDispatcher } from './dispatcher.js';
import { createNoticeHook } from './hook.js';
import { makeContext, T0 } from './test-helpers/context.js';
import { openNoticeDb } from './test-helpers/db.js';
import { ManualTime, settle } from './test-helpers/manual-time.js';
import { startWebhookSink } from './test-helpers/webhook-sink.js';

type Row = {
  event_id: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
};
const secret = 'a-webhook-secret-of-some-length';

describe('NoticeDispatcher over real webhooks', () => {
  let h: ReturnType<typeof openNoticeDb>;
  let time: ManualTime;
  let d: NoticeDispatcher;
  let sink: Awaited<ReturnType<typeof startWebhookSink>>;
  const rows = () => h.db.prepare('SELECT * FROM notice_queue ORDER BY id').all() as Row[];
  const setup = async (statuses: number[] = []) => {
    sink = await startWebhookSink({ secret, now: () => time.now(), statuses });
    createContact(h.db, { customerId: 1, name: 'PSA', webhookUrl: sink.url, webhookSecret: secret });
    h.db.transaction(() => createNoticeHook()(h.db, makeContext()))();
    d = createNoticeDispatcher({ db: h.db, config: {}, clock: time, timers: time, random: () => 0 });
    await d.start();
    await settle(time, d);
  };

  beforeEach(() => {
    h = openNoticeDb();
    time = new ManualTime(T0);
  });
  afterEach(async () => {
    await d?.stop();
    await sink?.close();
    h.close();
  });

  it('POSTs the notice as JSON with a signature the receiver verifies and the event id', async () => {
    await setup();
    expect(sink.received).toHaveLength(1);
    const [req] = sink.received;
    expect(req!.verification).toEqual({ ok: true, timestamp: Math.floor(T0 / 1000) });
    const body = JSON.parse(req!.body);
    expect(req!.headers['x-pbxwatch-event-id']).toBe(rows()[0]!.event_id);
    expect(body).toMatchObject({
      id: rows()[0]!.event_id,
      type: 'ticket.opened',
      ticket: { id: 42, priority: 'P1', condition: 'pbx-down' },
      site: { id: 'acme-hq', name: 'Acme HQ', timeZone: 'America/Chicago' },
      objectives: [
        { name: 'response', dueAt: new Date(T0 - 120_000 + 7_200_000).toISOString() },
        { name: 'resolution' },
      ],
    });
    expect(body.notice.text).toContain('we will respond by 14:05 CST');
    expect(rows()[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(d.metrics().webhook).toEqual({ queued: 0, sent: 1, failed: 0, retries: 0 });
  });

  it('retries a 503 and delivers the same event id again', async () => {
    await setup([503]);
    expect(rows()[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'HTTP 503',
      next_attempt_at: T0 + 30_000,
    });
    time.advance(30_000);
    await settle(time, d);
    expect(rows()[0]).toMatchObject({ status: 'sent', attempts: 2 });
    const ids = sink.received.map((r) => r.headers['x-pbxwatch-event-id']);
    expect(ids).toEqual([rows()[0]!.event_id, rows()[0]!.event_id]);
    expect(sink.received.every((r) => r.verification.ok)).toBe(true);
  });

  it('honours Retry-After on 429', async () => {
    await setup([429]);
    expect(rows()[0]).toMatchObject({ status: 'pending', next_attempt_at: T0 + 120_000 });
  });

  it('treats a 404 as permanent', async () => {
    await setup([404]);
    expect(rows()[0]).toMatchObject({ status: 'failed-permanent', attempts: 1, last_error: 'HTTP 404' });
    expect(d.metrics().webhook.failed).toBe(1);
  });

  it('fails permanently when the contact (and so its secret) was deleted before sending', async () => {
    await setup([503]);
    deleteContact(h.db, 1);
    time.advance(30_000);
    await settle(time, d);
    expect(rows()[0]).toMatchObject({ status: 'failed-permanent', attempts: 2 });
    expect(sink.received).toHaveLength(1);
  });
});
