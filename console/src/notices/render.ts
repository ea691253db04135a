import type { Database } from 'better-sqlite3';
import { escapeHtml, renderPlaceholders, type TemplateVars, textTemplateToHtml } from './placeholders.js';
import { getNoticeTemplate } from './template-overrides.js';
import { DEFAULT_TEMPLATES, type NoticeTemplate } from './templates.js';
import type { NoticeStage } from './types.js';

/**
 * A notice ready to send. Rendered once, when queued: the row then holds exactly what will be
 * sent, so editing a template later never changes a notice already queued, and the dispatcher
 * needs nothing but the queue.
 * @example
 * const r: RenderedNotice = { subject: 'Down', text: 'Down.', html: '<p>Down.</p>' };
 */
export interface RenderedNotice {
  subject: string;
  text: string;
  html: string;
}

/**
 * The template that applies: the customer's override, else the global one, else the built-in.
 * @example
 * effectiveTemplate(db, 'opened', ctx.customer?.id ?? null).subject;
 */
export function effectiveTemplate(
  db: Database,
  stage: NoticeStage,
  customerId: number | null,
): NoticeTemplate {
  return (
    (customerId !== null ? getNoticeTemplate(db, stage, customerId) : undefined) ??
    getNoticeTemplate(db, stage, null) ??
    DEFAULT_TEMPLATES[stage]
  );
}

/**
 * Fills a template: subject and text as plain text (the subject folded to one line, so no value
 * can inject a header), HTML with every value escaped, wrapped in a minimal document.
 * @example
 * renderNotice(DEFAULT_TEMPLATES.opened, noticeVars(ctx)).html.includes('&lt;img'); // for a hostile site name
 */
export function renderNotice(template: NoticeTemplate, vars: TemplateVars): RenderedNotice {
  const subject = renderPlaceholders(template.subject, vars, 'text')
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim();
  const text = renderPlaceholders(template.text, vars, 'text');
  const body = renderPlaceholders(template.html ?? textTemplateToHtml(template.text), vars, 'html');
  const html =
    '<!doctype html>\n<html><head><meta charset="utf-8"><title>' +
    escapeHtml(subject) +
    '</title></head>\n<body style="font-family: sans-serif; line-height: 1.4">\n' +
    body +
    '\n</body></html>\n';
  return { subject, text, html };
}
