import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContact } from './contacts.js';
import { NoticeInputError } from './errors.js';
import { createNoticeHook } from './hook.js';
import { noticeVars } from './notice-vars.js';
import { escapeHtml, renderPlaceholders } from './placeholders.js';
import { effectiveTemplate, renderNotice } from './render.js';
import { deleteNoticeTemplate, listNoticeTemplates, setNoticeTemplate } from './template-overrides.js';
import { DEFAULT_TEMPLATES } from './templates.js';
import { HOUR, makeContext, T0 } from './test-helpers/context.js';
import { openNoticeDb } from './test-helpers/db.js';
import { formatDuration, formatInstant } from './time-format.js';

describe('placeholders', () => {
  it('substitutes names only, escapes in HTML mode, and runs nothing', () => {
    const vars = { 'site.name': '<b>"A&B\'s"</b>', x: 'y' };
    expect(renderPlaceholders('{{site.name}}|{{ x }}|{{nope}}|{{x + 1}}|{{constructor}}', vars, 'text')).toBe(
      '<b>"A&B\'s"</b>|y||{{x + 1}}|',
    );
    expect(renderPlaceholders('<p>{{site.name}}</p>', vars, 'html')).toBe(
      '<p>&lt;b&gt;&quot;A&amp;B&#39;s&quot;&lt;/b&gt;</p>',
    );
    expect(escapeHtml('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('time and duration wording', () => {
  it('writes times in the site zone with its abbreviation, the date when another day', () => {
    const s = { zone: 'America/Chicago' };
    expect(formatInstant(T0, s)).toBe('12:07 CST');
    expect(formatInstant(T0 + 13 * HOUR, s, T0)).toBe('Tue 13 Jan 01:07 CST');
    expect(formatInstant(T0, { ...s, timeFormat: '12h' })).toBe('12:07 PM CST');
    const summer = DateTime.fromISO('2026-07-01T09:00', { zone: 'Europe/London' }).toMillis();
    expect(formatInstant(summer, { zone: 'Europe/London', locale: 'en-GB' })).toBe('09:00 BST');
    expect(formatInstant(T0, { zone: 'Not/AZone' })).toBe('18:07 UTC');
  });

  it('says durations plainly', () => {
    expect(formatDuration(2 * HOUR + 14 * 60_000 + 59_000)).toBe('2 h 14 min');
    expect(formatDuration(26 * HOUR)).toBe('1 d 2 h');
    expect(formatDuration(59_000)).toBe('less than a minute');
  });
});

describe('notice rendering', () => {
  it('says "no stated objective" gracefully when the plan has none', () => {
    const none = noticeVars(makeContext({ objectives: [] }));
    expect(none.commitment).toBe('your plan has no stated objective for this priority.');
    expect(none.respondBy).toBe('no stated objective');
    const responseOnly = noticeVars(
      makeContext({ objectives: [{ name: 'response', dueAt: T0 + HOUR, state: 'running' }] }),
    );
    expect(responseOnly.commitment).toBe('we will respond by 13:07 CST (no stated restoration objective).');
    expect(responseOnly.resolveBy).toBe('no stated objective');
  });

  it('writes restored and closed notices with the outage duration', () => {
    const ctx = makeContext({
      event: { type: 'restored', at: T0 + 3 * HOUR },
      ticket: { clearedAt: T0 - 120_000 + 2 * HOUR + 14 * 60_000 },
    });
    const r = renderNotice(DEFAULT_TEMPLATES.restored, noticeVars(ctx));
    expect(r.subject).toBe('Service restored: phone system at Acme HQ');
    expect(r.text).toContain('Service at Acme HQ was restored at 14:19 CST after 2 h 14 min.');
    const closed = renderNotice(
      DEFAULT_TEMPLATES.closed,
      noticeVars({ ...ctx, event: { ...ctx.event, type: 'closed' } }),
    );
    expect(closed.text).toContain('restored at 14:19 CST, after 2 h 14 min');
  });

  it('folds values into a one-line subject', () => {
    const r = renderNotice(
      DEFAULT_TEMPLATES.opened,
      noticeVars(makeContext({ site: { name: 'Acme\r\nBcc: x@evil.test' } })),
    );
    expect(r.subject).toBe('[P1] Phone system problem at Acme Bcc: x@evil.test');
  });
});

describe('template overrides', () => {
  let h: ReturnType<typeof openNoticeDb>;
  beforeEach(() => {
    h = openNoticeDb();
  });
  afterEach(() => h.close());

  it('uses the customer override, else the global one, else the built-in', () => {
    const { db } = h;
    expect(effectiveTemplate(db, 'opened', 1)).toBe(DEFAULT_TEMPLATES.opened);
    setNoticeTemplate(db, { stage: 'opened', subject: 'Global {{site.name}}', text: 'g' });
    setNoticeTemplate(db, {
      stage: 'opened',
      customerId: 1,
      subject: 'For Acme {{site.name}}',
      text: 'a',
      html: '<h1>{{site.name}}</h1>',
    });
    setNoticeTemplate(db, { stage: 'opened', customerId: 1, subject: 'Acme v2', text: 'a2' }); // replaces
    expect(effectiveTemplate(db, 'opened', 1).subject).toBe('Acme v2');
    expect(effectiveTemplate(db, 'opened', 2).subject).toBe('Global {{site.name}}');
    expect(listNoticeTemplates(db)).toHaveLength(2);
    expect(listNoticeTemplates(db, { customerId: null }).map((t) => t.subject)).toEqual([
      'Global {{site.name}}',
    ]);
    expect(deleteNoticeTemplate(db, 'opened', 1)).toBe(true);
    expect(effectiveTemplate(db, 'opened', 1).subject).toBe('Global {{site.name}}');
  });

  it('rejects unknown placeholders and bad fields, naming them', () => {
    expect(() => setNoticeTemplate(h.db, { stage: 'opened', subject: 'x', text: '{{site.nmae}}' })).toThrow(
      new NoticeInputError('invalid template: text: unknown placeholder site.nmae'),
    );
    expect(() => setNoticeTemplate(h.db, { stage: 'nope' as 'opened', subject: 'a\nb', text: 'x' })).toThrow(
      /invalid template: stage: .*; subject: must be one line/,
    );
  });

  it('renders at enqueue time: a later edit does not change a queued notice; HTML overrides escape values', () => {
    const { db } = h;
    createContact(db, { customerId: 1, name: 'IT', email: 'it@acme.test' });
    setNoticeTemplate(db, {
      stage: 'opened',
      customerId: 1,
      subject: 'Down: {{site.name}}',
      text: 't',
      html: '<h1>{{site.name}}</h1>',
    });
    createNoticeHook()(db, makeContext({ site: { name: 'A & B' } }));
    setNoticeTemplate(db, { stage: 'opened', customerId: 1, subject: 'Changed', text: 'changed' });
    const row = db.prepare('SELECT subject, html_body FROM notice_queue').get() as {
      subject: string;
      html_body: string;
    };
    expect(row.subject).toBe('Down: A & B');
    expect(row.html_body).toContain('<h1>A &amp; B</h1>');
  });
});
