import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { checkReachable, parseInput, recipientFields } from './recipient-fields.js';
import {
  deleteRecipientRow,
  insertRecipient,
  type RecipientData,
  type StoredRecipient,
  selectRecipient,
  selectRecipients,
  updateRecipientRow,
} from './recipient-store.js';
import { DEFAULT_NOC_STAGES, NOTICE_STAGES, type NoticeStage, type TimeFormat } from './types.js';

/**
 * Schema of a NOC recipient: SLA warnings (75%) and breaches by default, any stage on request,
 * every priority and condition (including `agent-offline`).
 * @example
 * nocRecipientInputSchema.parse({ name: 'NOC', email: 'noc@provider.test' });
 */
export const nocRecipientInputSchema = z
  .object({
    ...recipientFields,
    stages: z
      .array(z.enum(NOTICE_STAGES))
      .min(1)
      .default([...DEFAULT_NOC_STAGES]),
  })
  .superRefine(checkReachable);

/**
 * Input of {@link createNocRecipient}.
 * @example
 * const input: NocRecipientInput = { name: 'NOC', email: 'noc@provider.test' };
 */
export type NocRecipientInput = z.input<typeof nocRecipientInputSchema>;

/**
 * A NOC recipient as the API shows it (no secret).
 * @example
 * const r: NocRecipient = getNocRecipient(db, 1)!;
 */
export interface NocRecipient {
  id: number;
  name: string;
  email: string | null;
  webhookUrl: string | null;
  webhookSecretSet: boolean;
  stages: NoticeStage[];
  locale: string | null;
  timeFormat: TimeFormat | null;
  enabled: boolean;
}

function view(r: StoredRecipient): NocRecipient {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    webhookUrl: r.webhookUrl,
    webhookSecretSet: r.webhookSecret !== null,
    stages: r.stages,
    locale: r.locale,
    timeFormat: r.timeFormat,
    enabled: r.enabled,
  };
}

// Priorities are not a NOC filter: the column keeps every priority so one query serves both kinds.
function data(d: z.output<typeof nocRecipientInputSchema>): RecipientData {
  return { ...d, customerId: null, priorities: ['P1', 'P2', 'P3', 'P4'] };
}

/**
 * Adds a NOC recipient. Throws {@link NoticeInputError} naming the bad field.
 * @example
 * createNocRecipient(db, { name: 'NOC on call', email: 'noc@provider.test' });
 */
export function createNocRecipient(db: Database, input: NocRecipientInput): NocRecipient {
  const d = parseInput(nocRecipientInputSchema, input, 'NOC recipient');
  return view(insertRecipient(db, 'noc', data(d)));
}

/**
 * Changes some fields of a NOC recipient; undefined when it does not exist.
 * @example
 * updateNocRecipient(db, 2, { stages: ['sla-breach'] });
 */
export function updateNocRecipient(
  db: Database,
  id: number,
  patch: Partial<NocRecipientInput>,
): NocRecipient | undefined {
  const cur = selectRecipient(db, 'noc', id);
  if (!cur) return undefined;
  const { id: _id, kind: _kind, customerId: _c, priorities: _p, ...fields } = cur;
  const d = parseInput(nocRecipientInputSchema, { ...fields, ...patch }, 'NOC recipient');
  updateRecipientRow(db, 'noc', id, data(d));
  return getNocRecipient(db, id);
}

/**
 * One NOC recipient, or undefined.
 * @example
 * getNocRecipient(db, 2)?.stages;
 */
export function getNocRecipient(db: Database, id: number): NocRecipient | undefined {
  const r = selectRecipient(db, 'noc', id);
  return r && view(r);
}

/**
 * Every NOC recipient in id order.
 * @example
 * listNocRecipients(db).filter((r) => r.enabled);
 */
export function listNocRecipients(db: Database): NocRecipient[] {
  return selectRecipients(db, 'noc').map(view);
}

/**
 * Deletes a NOC recipient; true if it existed.
 * @example
 * deleteNocRecipient(db, 2);
 */
export function deleteNocRecipient(db: Database, id: number): boolean {
  return deleteRecipientRow(db, 'noc', id);
}
