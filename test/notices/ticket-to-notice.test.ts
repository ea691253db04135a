import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContact } from '../../console/src/notices/contacts.js';
import { createNoticeDispatcher, type NoticeDispatcher } from '../../console/src/notices/dispatcher.js';
import { createNoticeHook } from '../../console/src/notices/hook.js';
import { startSmtpSink } from '../../console/src/notices/test-helpers/smtp-sink.js';
import { listTicketNotices } from '../../console/src/notices/ticket-notices.js';
import { type Harness, makeHarness } from '../../console/src/test-helpers/harness.js';
import type { ConditionChangeInput } from '../../console/src/tickets/ticket-service.js';

const MIN = 60_000;

// The real ticket service (its migrations, plans, SLA engine, reopen window) driving the notices
// hook, and the dispatcher delivering to a real SMTP server.
describe('ticket service → notices → SMTP', () => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let dispatcher: NoticeDispatcher;

  const change = (p: Partial<ConditionChangeInput>): ConditionChangeInput => ({
    siteId: 'acme-hq',
    condition: 'pbx-down',
    change: 'raised',
    priority: 'P1',
    at: h.clock.t,
    detectedAt: h.clock.t,
    summary: 'PBX not answering SNMP or SIP',
    timeCorrected: false,
    offsetMs: null,
    actor: 'agent:acme-hq',
    ...p,
  });
  const waitForMails = async (n: number) => {
    for (let i = 0; i < 200 && smtp.mails.length < n; i++) await new Promise((r) => setTimeout(r, 25));
    await dispatcher.idle();
  };

  beforeEach(async () => {
    h = makeHarness({ tickets: { reopenWindow: '30m', autoCloseAfter: '1h' } }); // 2026-11-23 15:00Z
    const c = h.customers.create({ name: 'Acme' });
    h.sites.create({
      id: 'acme-hq',
      name: 'Acme HQ',
      customerId: c.id,
      planKey: 'roi-priority',
      timeZone: 'America/Los_Angeles',
    });
    createContact(h.db, { customerId: c.id, name: 'IT desk', email: 'it@acme.test' });
    smtp = await startSmtpSink();
    dispatcher = createNoticeDispatcher({
      db: h.db,
      config: { smtp: { host: '127.0.0.1', port: smtp.port, from: 'NOC <noc@provider.test>' } },
      clock: { now: () => h.clock.t },
    });
    h.tickets.addHook(createNoticeHook({ onQueued: () => dispatcher.kick() }));
    await dispatcher.start();
  });
  afterEach(async () => {
    await dispatcher.stop();
    await smtp.close();
    h.close();
  });

  it('sends opened, nothing on a flap, restored with the outage length, and closed', async () => {
    const opened = h.tickets.applyCondition(change({}));
    const id = opened.ticketId as number;
    await waitForMails(1);
    expect(smtp.mails[0]!.subject).toBe('[P1] Phone system problem at Acme HQ');
    // roi-priority P1: response 1 clock h, resolution 4 clock h; 15:00Z is 07:00 PST.
    expect(smtp.mails[0]!.text).toContain(
      'Your phone system at Acme HQ is down. Priority 1: we will respond by 08:00 PST and aim to restore service by 11:00 PST.',
    );

    h.clock.t += 134 * MIN;
    h.tickets.applyCondition(change({ change: 'cleared', at: h.clock.t }));
    await waitForMails(2);
    expect(smtp.mails[1]!.text).toContain('Service at Acme HQ was restored at 09:14 PST after 2 h 14 min.');

    h.clock.t += 5 * MIN; // flaps inside the reopen window: the ticket reopens, nobody is told again
    expect(h.tickets.applyCondition(change({ at: h.clock.t, detectedAt: h.clock.t })).action).toBe(
      'reopened',
    );
    h.clock.t += 2 * MIN;
    h.tickets.applyCondition(change({ change: 'cleared', at: h.clock.t }));
    h.clock.t += 61 * MIN;
    expect(h.tickets.autoClose()).toBe(1);
    await waitForMails(3);
    expect(smtp.mails.map((m) => m.subject)).toEqual([
      '[P1] Phone system problem at Acme HQ',
      'Service restored: phone system at Acme HQ',
      'Closed: phone system problem at Acme HQ',
    ]);
    expect(listTicketNotices(h.db, id).map((n) => [n.stage, n.status])).toEqual([
      ['opened', 'sent'],
      ['restored', 'sent'],
      ['closed', 'sent'],
    ]);
  });

  it('tells the customer nothing about agent-offline, nor anything during maintenance', async () => {
    const offline = h.tickets.applyCondition(
      change({ condition: 'agent-offline', priority: 'P2', actor: 'console' }),
    );
    expect(offline.action).toBe('opened');
    await dispatcher.idle();
    expect(listTicketNotices(h.db, offline.ticketId as number)).toEqual([]);

    const down = h.tickets.applyCondition(change({}));
    await waitForMails(1);
    h.maintenance.create(
      { siteId: 'acme-hq', startsAt: h.clock.t, endsAt: h.clock.t + 60 * MIN, reason: 'firmware' },
      'alice',
    );
    h.clock.t += 10 * MIN;
    expect(h.tickets.applyCondition(change({ change: 'cleared', at: h.clock.t })).action).toBe('restored');
    await dispatcher.idle();
    expect(listTicketNotices(h.db, down.ticketId as number).map((n) => n.stage)).toEqual(['opened']);
    expect(smtp.mails).toHaveLength(1);
  });
});
