import type { Priority } from '@pbxwatch/core';
import type { Database } from 'better-sqlite3';
import { prep } from '../store/statements.js';
import type { NoticeStage, RecipientKind, TimeFormat } from './types.js';

/**
 * A recipient row as stored, secret included; internal to the notices module (the public
 * `Contact` and `NocRecipient` views never carry the secret).
 * @example
 * const r = selectRecipient(db, 'contact', 7);
 * if (r?.enabled) send(r.email);
 */
export interface StoredRecipient {
  id: number;
  kind: RecipientKind;
  customerId: number | null;
  name: string;
  email: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
  priorities: Priority[];
  stages: NoticeStage[];
  locale: string | null;
  timeFormat: TimeFormat | null;
  enabled: boolean;
}

/**
 * Fields written for a recipient (everything but id and kind).
 * @example
 * const data: RecipientData = { customerId: 1, name: 'Ops', email: 'ops@acme.test', webhookUrl: null,
 *   webhookSecret: null, priorities: ['P1'], stages: ['opened'], locale: null, timeFormat: null, enabled: true };
 */
export type RecipientData = Omit<StoredRecipient, 'id' | 'kind'>;

interface Row {
  id: number;
  kind: RecipientKind;
  customer_id: number | null;
  name: string;
  email: string | null;
  webhook_url: string | null;
  webhook_secret: string | null;
  priorities: string;
  stages: string;
  locale: string | null;
  time_format: TimeFormat | null;
  enabled: number;
}

function fromRow(r: Row): StoredRecipient {
  return {
    id: r.id,
    kind: r.kind,
    customerId: r.customer_id,
    name: r.name,
    email: r.email,
    webhookUrl: r.webhook_url,
    webhookSecret: r.webhook_secret,
    priorities: JSON.parse(r.priorities) as Priority[],
    stages: JSON.parse(r.stages) as NoticeStage[],
    locale: r.locale,
    timeFormat: r.time_format,
    enabled: r.enabled === 1,
  };
}

function params(d: RecipientData) {
  return {
    customer_id: d.customerId,
    name: d.name,
    email: d.email,
    webhook_url: d.webhookUrl,
    webhook_secret: d.webhookSecret,
    priorities: JSON.stringify(d.priorities),
    stages: JSON.stringify(d.stages),
    locale: d.locale,
    time_format: d.timeFormat,
    enabled: d.enabled ? 1 : 0,
  };
}

/**
 * Inserts a validated recipient and returns it.
 * @example
 * const r = insertRecipient(db, 'noc', { ...data, customerId: null });
 */
export function insertRecipient(db: Database, kind: RecipientKind, d: RecipientData): StoredRecipient {
  const info = prep(
    db,
    `INSERT INTO notice_recipient (kind, customer_id, name, email, webhook_url, webhook_secret,
         priorities, stages, locale, time_format, enabled)
       VALUES (@kind, @customer_id, @name, @email, @webhook_url, @webhook_secret,
         @priorities, @stages, @locale, @time_format, @enabled)`,
  ).run({ kind, ...params(d) });
  return selectRecipient(db, kind, Number(info.lastInsertRowid))!;
}

/**
 * Replaces a recipient's fields; false when there is no such recipient of that kind.
 * @example
 * updateRecipientRow(db, 'contact', 3, { ...current, enabled: false });
 */
export function updateRecipientRow(db: Database, kind: RecipientKind, id: number, d: RecipientData): boolean {
  const info = prep(
    db,
    `UPDATE notice_recipient SET customer_id = @customer_id, name = @name, email = @email,
         webhook_url = @webhook_url, webhook_secret = @webhook_secret, priorities = @priorities,
         stages = @stages, locale = @locale, time_format = @time_format, enabled = @enabled
       WHERE id = @id AND kind = @kind`,
  ).run({ id, kind, ...params(d) });
  return info.changes === 1;
}

/**
 * One recipient of a kind, or undefined.
 * @example
 * const c = selectRecipient(db, 'contact', 3);
 */
export function selectRecipient(db: Database, kind: RecipientKind, id: number): StoredRecipient | undefined {
  const row = prep(db, 'SELECT * FROM notice_recipient WHERE id = ? AND kind = ?').get(id, kind) as
    | Row
    | undefined;
  return row && fromRow(row);
}

/**
 * Recipients of a kind, optionally of one customer and only enabled ones, in id order.
 * @example
 * const contacts = selectRecipients(db, 'contact', { customerId: 1, enabledOnly: true });
 */
export function selectRecipients(
  db: Database,
  kind: RecipientKind,
  filter: { customerId?: number; enabledOnly?: boolean } = {},
): StoredRecipient[] {
  const rows = prep(
    db,
    `SELECT * FROM notice_recipient WHERE kind = @kind
         AND (@customer_id IS NULL OR customer_id = @customer_id)
         AND (@enabled_only = 0 OR enabled = 1)
       ORDER BY id`,
  ).all({ kind, customer_id: filter.customerId ?? null, enabled_only: filter.enabledOnly ? 1 : 0 }) as Row[];
  return rows.map(fromRow);
}

/**
 * Deletes a recipient; already queued notices keep their copy of the address.
 * @example
 * deleteRecipientRow(db, 'noc', 2); // true if it existed
 */
export function deleteRecipientRow(db: Database, kind: RecipientKind, id: number): boolean {
  return prep(db, 'DELETE FROM notice_recipient WHERE id = ? AND kind = ?').run(id, kind).changes === 1;
}
