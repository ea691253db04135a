import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContact } from './contacts.js';
import { createNoticeHook } from './hook.js';
import { createNocRecipient } from './noc-recipients.js';
import { makeContext } from './test-helpers/context.js';
import { openNoticeDb } from './test-helpers/db.js';

type QRow = {
  stage: string;
  variant: string;
  recipient_kind: string;
  recipient_id: number;
  channel: string;
  address: string;
};

describe('noticeHook', () => {
  let h: ReturnType<typeof openNoticeDb>;
  let db: Database;
  const hook = createNoticeHook();
  const rows = () => db.prepare('SELECT * FROM notice_queue ORDER BY id').all() as QRow[];
  const keys = () =>
    rows().map(
      (r) =>
        `${r.stage}${r.variant ? `:${r.variant}` : ''}>${r.recipient_kind}${r.recipient_id}/${r.channel}`,
    );
  // The hook runs inside the ticket service's transaction; so do these calls.
  const fire = (...a: Parameters<typeof makeContext>) => db.transaction(() => hook(db, makeContext(...a)))();

  beforeEach(() => {
    h = openNoticeDb();
    db = h.db;
  });
  afterEach(() => h.close());

  it('never throws and queues nothing for a customer without contacts, or a site without customer', () => {
    expect(() => fire()).not.toThrow();
    expect(() => fire({ site: { customerId: null }, customer: null })).not.toThrow();
    expect(rows()).toEqual([]);
  });

  it('queues opened for P1 and P2 by default, per channel, not P3', () => {
    createContact(db, {
      customerId: 1,
      name: 'IT',
      email: 'it@acme.test',
      webhookUrl: 'http://127.0.0.1:1/h',
      webhookSecret: 'x'.repeat(32),
    });
    createContact(db, { customerId: 2, name: 'Other customer', email: 'it@other.test' });
    fire();
    fire({ ticket: { id: 43, priority: 'P2', condition: 'sip-down' } });
    fire({ ticket: { id: 44, priority: 'P3', condition: 'sip-slow' } });
    expect(keys()).toEqual([
      'opened>contact1/email',
      'opened>contact1/webhook',
      'opened>contact1/email',
      'opened>contact1/webhook',
    ]);
    expect(rows().map((r) => r.address)).toContain('it@acme.test');
  });

  it("honours a contact's priorities and stages, and skips disabled contacts", () => {
    createContact(db, {
      customerId: 1,
      name: 'P3 fan',
      email: 'p3@acme.test',
      priorities: ['P3'],
      stages: ['opened'],
    });
    createContact(db, { customerId: 1, name: 'Off', email: 'off@acme.test', enabled: false });
    fire({ ticket: { id: 1, priority: 'P3', condition: 'sip-slow' } });
    fire({ ticket: { id: 1, priority: 'P3', clearedAt: Date.now() }, event: { type: 'restored' } });
    fire({ ticket: { id: 2 } });
    expect(keys()).toEqual(['opened>contact1/email']);
  });

  it('sends nothing while the site is in maintenance', () => {
    createContact(db, { customerId: 1, name: 'IT', email: 'it@acme.test' });
    createNocRecipient(db, { name: 'NOC', email: 'noc@p.test', stages: ['opened', 'sla-breach'] });
    fire({ site: { inMaintenance: true } });
    fire({ site: { inMaintenance: true }, event: { type: 'sla-breach', objective: 'response' } });
    expect(rows()).toEqual([]);
  });

  it('never sends agent-offline to customers, but does to a NOC recipient who asked for opened', () => {
    createContact(db, { customerId: 1, name: 'IT', email: 'it@acme.test' });
    createNocRecipient(db, { name: 'NOC', email: 'noc@p.test', stages: ['opened'] });
    fire({ ticket: { condition: 'agent-offline', priority: 'P2' } });
    expect(keys()).toEqual(['opened>noc2/email']);
  });

  it('follows a ticket: opened, reopened (nothing), raised, restored, closed; duplicates are ignored', () => {
    createContact(db, { customerId: 1, name: 'IT', email: 'it@acme.test' });
    fire({ ticket: { priority: 'P2', condition: 'stations' } });
    fire({ ticket: { priority: 'P2', condition: 'stations' } }); // the same event delivered twice
    fire({ ticket: { priority: 'P2', condition: 'stations', clearedAt: 1 }, event: { type: 'restored' } });
    fire({ ticket: { priority: 'P2', condition: 'stations' }, event: { type: 'reopened' } });
    fire({ ticket: { priority: 'P1', condition: 'stations' }, event: { type: 'priority-raised' } });
    fire({ ticket: { priority: 'P1', condition: 'stations', clearedAt: 2 }, event: { type: 'restored' } });
    fire({ ticket: { priority: 'P1', condition: 'stations' }, event: { type: 'closed' } });
    fire({ ticket: { priority: 'P1', condition: 'stations' }, event: { type: 'closed' } });
    expect(keys()).toEqual([
      'opened>contact1/email',
      'restored>contact1/email',
      'priority-raised:P1>contact1/email',
      'closed>contact1/email',
    ]);
  });

  it('turns a raise into a customer priority into their first (opened) notice; restored only to the told', () => {
    createContact(db, { customerId: 1, name: 'IT', email: 'it@acme.test' });
    createContact(db, { customerId: 1, name: 'P1 only', email: 'boss@acme.test', priorities: ['P1'] });
    fire({ ticket: { priority: 'P2', condition: 'stations' } });
    fire({ ticket: { priority: 'P1', condition: 'stations' }, event: { type: 'priority-raised' } });
    fire({ ticket: { priority: 'P1', condition: 'stations', clearedAt: 5 }, event: { type: 'restored' } });
    expect(keys()).toEqual([
      'opened>contact1/email',
      'priority-raised:P1>contact1/email',
      'opened>contact2/email',
      'restored>contact1/email',
      'restored>contact2/email',
    ]);
  });

  it('sends the restored notice once when resolved by hand, even if the site clears later', () => {
    createContact(db, { customerId: 1, name: 'IT', email: 'it@acme.test' });
    fire();
    fire({ event: { type: 'resolved', actor: 'alice' } });
    fire({ ticket: { clearedAt: 5 }, event: { type: 'restored' } });
    expect(keys()).toEqual(['opened>contact1/email', 'restored>contact1/email']);
  });

  it('sends nothing to a customer told of nothing when service is restored or the ticket closed', () => {
    createContact(db, { customerId: 1, name: 'IT', email: 'it@acme.test' });
    fire({ ticket: { priority: 'P3', condition: 'sip-slow', clearedAt: 1 }, event: { type: 'restored' } });
    fire({ ticket: { priority: 'P3', condition: 'sip-slow' }, event: { type: 'closed' } });
    expect(rows()).toEqual([]);
  });

  it('sends SLA warnings and breaches to NOC recipients only, once per objective', () => {
    createContact(db, { customerId: 1, name: 'IT', email: 'it@acme.test' });
    createNocRecipient(db, {
      name: 'NOC',
      email: 'noc@p.test',
      webhookUrl: 'https://noc.test/h',
      webhookSecret: 's'.repeat(20),
    });
    createNocRecipient(db, { name: 'Breaches only', email: 'boss@p.test', stages: ['sla-breach'] });
    fire({ event: { type: 'sla-warning', objective: 'response' } });
    fire({ event: { type: 'sla-warning', objective: 'response' } });
    fire({ event: { type: 'sla-warning', objective: 'resolution' } });
    fire({ event: { type: 'sla-breach', objective: 'response' } });
    expect(keys()).toEqual([
      'sla-warning:response>noc2/email',
      'sla-warning:response>noc2/webhook',
      'sla-warning:resolution>noc2/email',
      'sla-warning:resolution>noc2/webhook',
      'sla-breach:response>noc2/email',
      'sla-breach:response>noc2/webhook',
      'sla-breach:response>noc3/email',
    ]);
  });

  it('rolls back only its own writes on an error and never throws into the ticket transaction', () => {
    createContact(db, { customerId: 1, name: 'IT', email: 'it@acme.test' });
    db.exec('CREATE TABLE ticket_probe (id INTEGER)');
    const broken = createNoticeHook({ newId: () => 'dup' });
    createContact(db, { customerId: 1, name: 'IT 2', email: 'it2@acme.test' });
    db.transaction(() => {
      db.exec('INSERT INTO ticket_probe VALUES (1)');
      expect(() => broken(db, makeContext())).not.toThrow(); // second row violates UNIQUE(event_id)
    })();
    expect(db.prepare('SELECT COUNT(*) AS c FROM ticket_probe').get()).toEqual({ c: 1 });
    expect(rows()).toEqual([]);
  });
});
