import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContact } from './contacts.js';
import { createNoticeHook } from './hook.js';
import { markFailed, markSent } from './queue.js';
import { makeContext, T0 } from './test-helpers/context.js';
import { openNoticeDb } from './test-helpers/db.js';
import { getQueuedNotice, listTicketNotices, retryNotice } from './ticket-notices.js';

describe("a ticket's notices", () => {
  let h: ReturnType<typeof openNoticeDb>;
  beforeEach(() => {
    h = openNoticeDb();
  });
  afterEach(() => h.close());

  it('lists each notice with its delivery state, and re-queues a failed one on request', () => {
    const { db } = h;
    createContact(db, { customerId: 1, name: 'IT', email: 'it@acme.test' });
    createContact(db, { customerId: 1, name: 'Boss', email: 'boss@acme.test' });
    const hook = createNoticeHook();
    hook(db, makeContext());
    hook(db, makeContext({ ticket: { id: 7 } }));
    const [a, b] = listTicketNotices(db, 42);
    markSent(db, a!.id, T0 + 1000, '<m@p>');
    markFailed(db, b!.id, 'HTTP 404');
    expect(listTicketNotices(db, 42)).toEqual([
      expect.objectContaining({
        stage: 'opened',
        recipientName: 'IT',
        status: 'sent',
        sentAt: T0 + 1000,
        messageId: '<m@p>',
        nextAttemptAt: null,
      }),
      expect.objectContaining({
        recipientName: 'Boss',
        address: 'boss@acme.test',
        status: 'failed-permanent',
        lastError: 'HTTP 404',
      }),
    ]);
    expect(listTicketNotices(db, 42)[0]).not.toHaveProperty('html');
    expect(getQueuedNotice(db, a!.id)?.text).toContain('Your phone system at Acme HQ is down.');
    expect(retryNotice(db, a!.id, T0)).toBe(false);
    expect(retryNotice(db, b!.id, T0 + 5000)).toBe(true);
    expect(listTicketNotices(db, 42)[1]).toMatchObject({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: T0 + 5000,
    });
    expect(listTicketNotices(db, 1)).toEqual([]);
  });
});
