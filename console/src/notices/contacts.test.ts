import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContact, deleteContact, getContact, listContacts, updateContact } from './contacts.js';
import { NoticeInputError } from './errors.js';
import {
  createNocRecipient,
  deleteNocRecipient,
  listNocRecipients,
  updateNocRecipient,
} from './noc-recipients.js';
import { openNoticeDb } from './test-helpers/db.js';

describe('contacts and NOC recipients CRUD', () => {
  let h: ReturnType<typeof openNoticeDb>;
  beforeEach(() => {
    h = openNoticeDb();
  });
  afterEach(() => h.close());

  it('creates contacts with defaults, never returns the secret, updates and deletes them', () => {
    const { db } = h;
    const c = createContact(db, { customerId: 1, name: ' IT desk ', email: 'it@acme.test' });
    expect(c).toEqual({
      id: 1,
      customerId: 1,
      name: 'IT desk',
      email: 'it@acme.test',
      webhookUrl: null,
      webhookSecretSet: false,
      priorities: ['P1', 'P2'],
      stages: ['opened', 'priority-raised', 'restored', 'closed'],
      locale: null,
      timeFormat: null,
      enabled: true,
    });
    const w = createContact(db, {
      customerId: 2,
      name: 'PSA',
      webhookUrl: 'https://psa.test/h',
      webhookSecret: 's'.repeat(16),
    });
    expect(w.webhookSecretSet).toBe(true);
    expect(JSON.stringify(w)).not.toContain('ssss');
    expect(listContacts(db, { customerId: 2 }).map((x) => x.name)).toEqual(['PSA']);
    expect(updateContact(db, w.id, { priorities: ['P1'], timeFormat: '12h', locale: 'en-GB' })).toMatchObject(
      {
        priorities: ['P1'],
        timeFormat: '12h',
        locale: 'en-GB',
        webhookSecretSet: true, // kept when not given
      },
    );
    expect(updateContact(db, 99, { name: 'x' })).toBeUndefined();
    expect(deleteContact(db, c.id)).toBe(true);
    expect(getContact(db, c.id)).toBeUndefined();
    expect(deleteContact(db, c.id)).toBe(false);
  });

  it('rejects bad contacts with a message naming the field', () => {
    const { db } = h;
    const bad = (input: Parameters<typeof createContact>[1]) => () => createContact(db, input);
    expect(bad({ customerId: 1, name: 'x' })).toThrow(
      'invalid contact: email: an email or a webhookUrl is required',
    );
    expect(bad({ customerId: 1, name: 'x', email: 'not-an-email' })).toThrow(/email: /);
    expect(bad({ customerId: 1, name: 'x', webhookUrl: 'https://a.test' })).toThrow(
      'webhookSecret: required with a webhookUrl',
    );
    expect(
      bad({ customerId: 1, name: 'x', webhookUrl: 'ftp://a.test', webhookSecret: 's'.repeat(16) }),
    ).toThrow(/webhookUrl: must be an http\(s\) URL/);
    expect(bad({ customerId: 1, name: 'x', email: 'a@b.test', priorities: ['P9' as 'P1'] })).toThrow(
      /priorities\.0/,
    );
    expect(bad({ customerId: 1, name: 'x', email: 'a@b.test', stages: ['sla-breach' as 'opened'] })).toThrow(
      /stages\.0/,
    );
    expect(bad({ customerId: 1, name: 'x', email: 'a@b.test', locale: 'xx_!!' })).toThrow(
      /locale: unknown locale/,
    );
    expect(bad({ customerId: 1, name: 'x' })).toThrow(NoticeInputError);
    expect(() =>
      updateContact(db, createContact(db, { customerId: 1, name: 'ok', email: 'a@b.test' }).id, {
        email: null,
      }),
    ).toThrow(/an email or a webhookUrl is required/);
  });

  it('keeps NOC recipients apart from contacts, with SLA stages by default', () => {
    const { db } = h;
    createContact(db, { customerId: 1, name: 'IT', email: 'it@acme.test' });
    const n = createNocRecipient(db, { name: 'NOC', email: 'noc@provider.test' });
    expect(n.stages).toEqual(['sla-warning', 'sla-breach']);
    expect(listNocRecipients(db).map((r) => r.name)).toEqual(['NOC']);
    expect(listContacts(db).map((r) => r.name)).toEqual(['IT']);
    expect(updateNocRecipient(db, n.id, { stages: ['sla-breach', 'opened'], enabled: false })).toMatchObject({
      stages: ['sla-breach', 'opened'],
      enabled: false,
    });
    expect(updateNocRecipient(db, 1, { name: 'not a NOC recipient' })).toBeUndefined();
    expect(deleteNocRecipient(db, 1)).toBe(false);
    expect(deleteNocRecipient(db, n.id)).toBe(true);
  });
});
