import { formatIssues } from '@pbxwatch/core';
import { z } from 'zod';
import { NoticeInputError } from './errors.js';

function isLocale(s: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(s).length > 0;
  } catch {
    return false;
  }
}

/**
 * Field schemas shared by contacts and NOC recipients. A webhook needs a secret of at least 16
 * characters: the receiver verifies every delivery with it (see webhook-signature.ts).
 * @example
 * const s = z.object(recipientFields).superRefine(checkReachable);
 */
export const recipientFields = {
  name: z.string().trim().min(1).max(200),
  email: z
    .email()
    .max(320)
    .nullish()
    .transform((v) => v ?? null),
  webhookUrl: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .nullish()
    .transform((v) => v ?? null),
  webhookSecret: z
    .string()
    .min(16)
    .max(256)
    .nullish()
    .transform((v) => v ?? null),
  locale: z
    .string()
    .refine(isLocale, 'unknown locale')
    .nullish()
    .transform((v) => v ?? null),
  timeFormat: z
    .enum(['24h', '12h'])
    .nullish()
    .transform((v) => v ?? null),
  enabled: z.boolean().default(true),
};

/**
 * Cross-field rules: a recipient needs an email or a webhook, and a webhook needs a secret.
 * @example
 * z.object(recipientFields).superRefine(checkReachable).parse({ name: 'x' }); // throws
 */
export function checkReachable(
  v: { email: string | null; webhookUrl: string | null; webhookSecret: string | null },
  ctx: z.RefinementCtx,
): void {
  if (!v.email && !v.webhookUrl) {
    ctx.addIssue({ code: 'custom', path: ['email'], message: 'an email or a webhookUrl is required' });
  }
  if (v.webhookUrl && !v.webhookSecret) {
    ctx.addIssue({ code: 'custom', path: ['webhookSecret'], message: 'required with a webhookUrl' });
  }
}

/**
 * Parses with a schema, turning zod issues into a {@link NoticeInputError} naming each field.
 * @example
 * const data = parseInput(contactSchema, body, 'contact');
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new NoticeInputError(`invalid ${what}: ${formatIssues(r.error)}`);
  return r.data;
}
