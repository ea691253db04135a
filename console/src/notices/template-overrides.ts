import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { prep } from '../store/statements.js';
import { NoticeInputError } from './errors.js';
import { TEMPLATE_VARIABLES } from './notice-vars.js';
import { placeholderNames } from './placeholders.js';
import { parseInput } from './recipient-fields.js';
import type { NoticeTemplate } from './templates.js';
import { NOTICE_STAGES, type NoticeStage } from './types.js';

/**
 * Schema of a template override: a stage, a customer (or none: the installation's default) and
 * the template parts. Unknown placeholders are rejected when saved, naming them.
 * @example
 * templateOverrideSchema.parse({ stage: 'opened', subject: 'Down: {{site.name}}', text: '{{commitment}}' });
 */
export const templateOverrideSchema = z.object({
  stage: z.enum(NOTICE_STAGES),
  customerId: z
    .number()
    .int()
    .nullish()
    .transform((v) => v ?? null),
  subject: z
    .string()
    .min(1)
    .max(300)
    .refine((s) => !/[\r\n]/.test(s), 'must be one line'),
  text: z.string().min(1).max(20_000),
  html: z
    .string()
    .max(50_000)
    .nullish()
    .transform((v) => v ?? null),
});

/**
 * Input of {@link setNoticeTemplate}.
 * @example
 * const o: TemplateOverrideInput = { stage: 'restored', customerId: 1, subject: 'OK', text: 'Back at {{restoredAt}}' };
 */
export type TemplateOverrideInput = z.input<typeof templateOverrideSchema>;

/**
 * A stored override.
 * @example
 * const o: TemplateOverride = getNoticeTemplate(db, 'opened', null)!;
 */
export interface TemplateOverride extends NoticeTemplate {
  stage: NoticeStage;
  customerId: number | null;
}

interface Row {
  stage: NoticeStage;
  customer_id: number | null;
  subject: string;
  text_body: string;
  html_body: string | null;
}

const fromRow = (r: Row): TemplateOverride => ({
  stage: r.stage,
  customerId: r.customer_id,
  subject: r.subject,
  text: r.text_body,
  html: r.html_body,
});

/**
 * Creates or replaces the override of a stage for a customer (or globally with `customerId: null`).
 * Throws {@link NoticeInputError} for a bad field or an unknown placeholder.
 * @example
 * setNoticeTemplate(db, { stage: 'opened', customerId: null, subject: '{{site.name}} down', text: '{{commitment}}' });
 */
export function setNoticeTemplate(db: Database, input: TemplateOverrideInput): TemplateOverride {
  const o = parseInput(templateOverrideSchema, input, 'template');
  for (const part of ['subject', 'text', 'html'] as const) {
    const unknown = placeholderNames(o[part] ?? '').filter((n) => !Object.hasOwn(TEMPLATE_VARIABLES, n));
    if (unknown.length)
      throw new NoticeInputError(`invalid template: ${part}: unknown placeholder ${unknown.join(', ')}`);
  }
  db.transaction(() => {
    deleteNoticeTemplate(db, o.stage, o.customerId);
    prep(
      db,
      `INSERT INTO notice_template (stage, customer_id, subject, text_body, html_body)
       VALUES (?, ?, ?, ?, ?)`,
    ).run(o.stage, o.customerId, o.subject, o.text, o.html);
  })();
  return getNoticeTemplate(db, o.stage, o.customerId)!;
}

/**
 * The override of exactly this scope, or undefined (no fallback; see `effectiveTemplate`).
 * @example
 * getNoticeTemplate(db, 'opened', 1);
 */
export function getNoticeTemplate(
  db: Database,
  stage: NoticeStage,
  customerId: number | null,
): TemplateOverride | undefined {
  const row = prep(db, 'SELECT * FROM notice_template WHERE stage = ? AND customer_id IS ?').get(
    stage,
    customerId,
  ) as Row | undefined;
  return row && fromRow(row);
}

/**
 * Overrides, all of them or those of one customer (`null`: the global ones).
 * @example
 * listNoticeTemplates(db, { customerId: null });
 */
export function listNoticeTemplates(
  db: Database,
  filter: { customerId?: number | null } = {},
): TemplateOverride[] {
  const all = filter.customerId === undefined;
  const rows = prep(
    db,
    'SELECT * FROM notice_template WHERE ? OR customer_id IS ? ORDER BY customer_id, stage',
  ).all(all ? 1 : 0, filter.customerId ?? null) as Row[];
  return rows.map(fromRow);
}

/**
 * Removes an override, so the next scope (global, then built-in) applies; true if it existed.
 * @example
 * deleteNoticeTemplate(db, 'opened', 1);
 */
export function deleteNoticeTemplate(db: Database, stage: NoticeStage, customerId: number | null): boolean {
  return (
    prep(db, 'DELETE FROM notice_template WHERE stage = ? AND customer_id IS ?').run(stage, customerId)
      .changes > 0
  );
}
