import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContact } from './contacts.js';
import { createNoticeDispatcher, type NoticeDispatcher } from './dispatcher.js';
import { createNoticeHook } from './hook.js';
import { makeContext, T0 } from './test-helpers/context.js';
import { openNoticeDb } from './test-helpers/db.js';
import { ManualTime, settle } from './test-helpers/manual-time.js';
import { startSmtpSink } from './test-helpers/smtp-sink.js';

type Row = {
  id: number;
  event_id: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  message_id: string | null;
  last_error: string | null;
};

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('NoticeDispatcher over real SMTP', () => {
  let h: ReturnType<typeof openNoticeDb>;
  let time: ManualTime;
  let dispatcher: NoticeDispatcher | undefined;
  const closers: (() => Promise<void>)[] = [];
  const rows = () => h.db.prepare('SELECT * FROM notice_queue ORDER BY id').all() as Row[];
  const fire = (...a: Parameters<typeof makeContext>) =>
    h.db.transaction(() => createNoticeHook()(h.db, makeContext(...a)))();
  const dispatch = (port: number, retry = {}) => {
    dispatcher = createNoticeDispatcher({
      db: h.db,
      config: {
        smtp: { host: '127.0.0.1', port, from: 'Provider NOC <noc@provider.test>', timeoutMs: 5000 },
        retry,
      },
      clock: time,
      timers: time,
      random: () => 0.5,
    });
    return dispatcher;
  };

  beforeEach(() => {
    h = openNoticeDb();
    time = new ManualTime(T0);
  });
  afterEach(async () => {
    await dispatcher?.stop();
    dispatcher = undefined;
    for (const c of closers.splice(0)) await c();
    h.close();
  });

  it('delivers a plain-language opened notice with due times in the site zone and a stable Message-ID', async () => {
    const smtp = await startSmtpSink();
    closers.push(smtp.close);
    createContact(h.db, { customerId: 1, name: 'IT desk', email: 'it@acme.test' });
    fire();
    const d = dispatch(smtp.port);
    await d.start();
    await settle(time, d);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.envelopeTo).toEqual(['it@acme.test']);
    expect(mail.subject).toBe('[P1] Phone system problem at Acme HQ');
    expect(mail.text).toContain(
      'Your phone system at Acme HQ is down. Priority 1: we will respond by 14:05 CST and aim to restore service by 17:05 CST.',
    );
    expect(mail.text).toContain('detected the problem at 12:05 CST');
    expect(mail.html).toContain('we will respond by 14:05 CST');
    const [row] = rows();
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      message_id: `<${row!.event_id}@provider.test>`,
    });
    expect(mail.headers['message-id']).toBe(row!.message_id);
    expect(mail.headers['x-pbxwatch-event-id']).toBe(row!.event_id);
    expect(d.metrics().email).toEqual({ queued: 0, sent: 1, failed: 0, retries: 0 });
  });

  it('escapes a hostile site name in the HTML part', async () => {
    const smtp = await startSmtpSink();
    closers.push(smtp.close);
    createContact(h.db, { customerId: 1, name: 'IT', email: 'it@acme.test' });
    fire({ site: { name: '<img src=x onerror=alert(1)>' } });
    const d = dispatch(smtp.port);
    await d.start();
    await settle(time, d);
    const mail = smtp.mails[0]!;
    expect(mail.html).toContain('Your phone system at &lt;img src=x onerror=alert(1)&gt; is down.');
    expect(mail.html).not.toContain('<img');
    expect(mail.text).toContain('Your phone system at <img src=x onerror=alert(1)> is down.');
  });

  it('keeps notices while SMTP is down, backs off, and delivers each exactly once when it is back', async () => {
    const port = await freePort();
    createContact(h.db, { customerId: 1, name: 'IT', email: 'it@acme.test' });
    createContact(h.db, { customerId: 1, name: 'Boss', email: 'boss@acme.test' });
    fire({ ticket: { id: 1 } });
    fire({ ticket: { id: 2, priority: 'P2', condition: 'sip-down' } });
    fire({ ticket: { id: 2, priority: 'P2', condition: 'sip-down' } }); // duplicate event: ignored
    const d = dispatch(port);
    await d.start();
    await settle(time, d);
    expect(rows().map((r) => [r.status, r.attempts])).toEqual(Array(4).fill(['pending', 1]));
    expect(rows()[0]!.last_error).toMatch(/ECONNREFUSED/);
    // Backoff with random 0.5 and jitter 0.2: 27 s, then 54 s, then 108 s.
    expect(rows()[0]!.next_attempt_at).toBe(T0 + 27_000);
    time.advance(26_000);
    await settle(time, d);
    expect(rows()[0]!.attempts).toBe(1);
    time.advance(1_000);
    await settle(time, d);
    expect(rows().map((r) => r.attempts)).toEqual([2, 2, 2, 2]);
    expect(rows()[0]!.next_attempt_at).toBe(T0 + 27_000 + 54_000);

    const smtp = await startSmtpSink(port);
    closers.push(smtp.close);
    for (let i = 0; i < 20 && rows().some((r) => r.status !== 'sent'); i++) {
      time.advance(5_000);
      await settle(time, d);
    }
    expect(rows().map((r) => r.status)).toEqual(Array(4).fill('sent'));
    const ids = smtp.mails.map((m) => m.headers['message-id']).sort();
    expect(ids).toEqual(
      rows()
        .map((r) => r.message_id)
        .sort(),
    );
    expect(new Set(ids).size).toBe(4);
    expect(smtp.mails.map((m) => m.envelopeTo[0]).sort()).toEqual([
      'boss@acme.test',
      'boss@acme.test',
      'it@acme.test',
      'it@acme.test',
    ]);
    expect(d.metrics().email).toEqual({ queued: 0, sent: 4, failed: 0, retries: 8 });
  });

  it('gives up after the last attempt', async () => {
    const port = await freePort();
    createContact(h.db, { customerId: 1, name: 'IT', email: 'it@acme.test' });
    fire();
    const d = dispatch(port, { maxAttempts: 2, baseMs: 1000 });
    await d.start();
    await settle(time, d);
    time.advance(1000);
    await settle(time, d);
    expect(rows()[0]).toMatchObject({ status: 'failed-permanent', attempts: 2 });
    expect(d.metrics().email).toMatchObject({ failed: 1, retries: 1, queued: 0 });
  });

  it('resends a notice a crash left in sending, with the same Message-ID', async () => {
    const smtp = await startSmtpSink();
    closers.push(smtp.close);
    createContact(h.db, { customerId: 1, name: 'IT', email: 'it@acme.test' });
    fire();
    // The previous process claimed the row and died before recording the result.
    h.db.prepare(`UPDATE notice_queue SET status = 'sending', attempts = 1`).run();
    const d = dispatch(smtp.port);
    await d.start();
    await settle(time, d);
    expect(rows()[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.mails.map((m) => m.headers['message-id'])).toEqual([rows()[0]!.message_id]);
  });

  it('fails permanently on a 5xx reply (recipient rejected)', async () => {
    const { SMTPServer } = await import('smtp-server');
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(_a, _s, cb) {
        cb(Object.assign(new Error('No such user'), { responseCode: 550 }));
      },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => server.close(() => r())));
    createContact(h.db, { customerId: 1, name: 'IT', email: 'gone@acme.test' });
    fire();
    const d = dispatch((server.server.address() as { port: number }).port);
    await d.start();
    await settle(time, d);
    expect(rows()[0]).toMatchObject({ status: 'failed-permanent', attempts: 1 });
    expect(rows()[0]!.last_error).toMatch(/550/);
  });

  it('sends a kicked notice at once and stops cleanly', async () => {
    const smtp = await startSmtpSink();
    closers.push(smtp.close);
    createContact(h.db, { customerId: 1, name: 'IT', email: 'it@acme.test' });
    const d = dispatch(smtp.port);
    await d.start();
    await settle(time, d);
    const hook = createNoticeHook({ onQueued: () => d.kick() });
    h.db.transaction(() => hook(h.db, makeContext()))();
    await settle(time, d); // no clock advance: the kick alone sends it
    expect(smtp.mails).toHaveLength(1);
    await d.stop();
    fire({ ticket: { id: 99 } });
    d.kick();
    await settle(time, d);
    expect(smtp.mails).toHaveLength(1);
  });
});
