import { type Priority, prioritySchema } from '@pbxwatch/core';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { NoticeInputError } from './errors.js';
import { checkReachable, parseInput, recipientFields } from './recipient-fields.js';
import {
  deleteRecipientRow,
  insertRecipient,
  type StoredRecipient,
  selectRecipient,
  selectRecipients,
  updateRecipientRow,
} from './recipient-store.js';
import { CUSTOMER_STAGES, type CustomerStage, DEFAULT_CONTACT_PRIORITIES, type TimeFormat } from './types.js';

/**
 * Schema of a customer contact as the API accepts it; priorities default to P1 and P2, stages to
 * all customer stages.
 * @example
 * contactInputSchema.parse({ customerId: 1, name: 'IT desk', email: 'it@acme.test' });
 */
export const contactInputSchema = z
  .object({
    customerId: z.number().int(),
    ...recipientFields,
    priorities: z
      .array(prioritySchema)
      .min(1)
      .default([...DEFAULT_CONTACT_PRIORITIES]),
    stages: z
      .array(z.enum(CUSTOMER_STAGES))
      .min(1)
      .default([...CUSTOMER_STAGES]),
  })
  .superRefine(checkReachable);

/**
 * Input of {@link createContact}.
 * @example
 * const input: ContactInput = { customerId: 1, name: 'IT desk', email: 'it@acme.test' };
 */
export type ContactInput = z.input<typeof contactInputSchema>;

/**
 * A customer contact as the API shows it: the webhook secret is never returned.
 * @example
 * const c: Contact = getContact(db, 1)!;
 */
export interface Contact {
  id: number;
  customerId: number;
  name: string;
  email: string | null;
  webhookUrl: string | null;
  webhookSecretSet: boolean;
  priorities: Priority[];
  stages: CustomerStage[];
  locale: string | null;
  timeFormat: TimeFormat | null;
  enabled: boolean;
}

function view(r: StoredRecipient): Contact {
  return {
    id: r.id,
    customerId: r.customerId!,
    name: r.name,
    email: r.email,
    webhookUrl: r.webhookUrl,
    webhookSecretSet: r.webhookSecret !== null,
    priorities: r.priorities,
    stages: r.stages as CustomerStage[],
    locale: r.locale,
    timeFormat: r.timeFormat,
    enabled: r.enabled,
  };
}

/**
 * Adds a contact for a customer. Throws {@link NoticeInputError} naming the bad field.
 * @example
 * const c = createContact(db, { customerId: 1, name: 'IT desk', email: 'it@acme.test', priorities: ['P1'] });
 */
export function createContact(db: Database, input: ContactInput): Contact {
  const d = parseInput(contactInputSchema, input, 'contact');
  return view(insertRecipient(db, 'contact', d));
}

/**
 * Changes some fields of a contact; undefined when it does not exist. Pass `webhookSecret` to
 * rotate the secret; leaving it out keeps the current one.
 * @example
 * updateContact(db, 3, { enabled: false });
 */
export function updateContact(db: Database, id: number, patch: Partial<ContactInput>): Contact | undefined {
  const cur = selectRecipient(db, 'contact', id);
  if (!cur) return undefined;
  const { id: _id, kind: _kind, ...fields } = cur;
  const d = parseInput(contactInputSchema, { ...fields, ...patch }, 'contact');
  updateRecipientRow(db, 'contact', id, d);
  return getContact(db, id);
}

/**
 * One contact, or undefined.
 * @example
 * getContact(db, 3)?.email;
 */
export function getContact(db: Database, id: number): Contact | undefined {
  const r = selectRecipient(db, 'contact', id);
  return r && view(r);
}

/**
 * Contacts, all or one customer's.
 * @example
 * listContacts(db, { customerId: 1 });
 */
export function listContacts(db: Database, filter: { customerId?: number } = {}): Contact[] {
  if (filter.customerId !== undefined && !Number.isInteger(filter.customerId)) {
    throw new NoticeInputError('invalid filter: customerId: expected an integer');
  }
  return selectRecipients(db, 'contact', filter).map(view);
}

/**
 * Deletes a contact; true if it existed. Notices already queued for it are still delivered
 * (email) or fail permanently (webhook: the secret is gone).
 * @example
 * deleteContact(db, 3);
 */
export function deleteContact(db: Database, id: number): boolean {
  return deleteRecipientRow(db, 'contact', id);
}
