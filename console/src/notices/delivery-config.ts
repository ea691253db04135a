import { formatIssues } from '@pbxwatch/core';
import { z } from 'zod';

/**
 * SMTP settings (nodemailer SMTP transport). `secure: true` is implicit TLS (port 465); otherwise
 * STARTTLS is used when offered, and required with `requireTLS`.
 * @example
 * smtpConfigSchema.parse({ host: 'smtp.provider.test', port: 587, from: 'NOC <noc@provider.test>' });
 */
export const smtpConfigSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535).default(587),
  secure: z.boolean().default(false),
  requireTLS: z.boolean().default(false),
  tlsRejectUnauthorized: z.boolean().default(true),
  auth: z.object({ user: z.string().min(1), pass: z.string() }).optional(),
  from: z.string().min(3),
  /** Domain of the `Message-ID`s; the `from` address's domain by default. */
  messageIdDomain: z.string().min(1).optional(),
  timeoutMs: z.number().int().positive().default(30_000),
});

/**
 * Delivery settings, validated once and frozen: SMTP (optional: without it email notices fail
 * and retry until it is configured or attempts run out), webhooks, retry policy, batching.
 * @example
 * const cfg = parseDeliveryConfig({ smtp: { host: 'localhost', port: 25, from: 'noc@p.test' } });
 */
export const deliveryConfigSchema = z.object({
  smtp: smtpConfigSchema.optional(),
  webhook: z
    .object({
      timeoutMs: z.number().int().positive().default(10_000),
      userAgent: z.string().min(1).default('pbxwatch-notices/1'),
    })
    .prefault({}),
  retry: z
    .object({
      baseMs: z.number().int().positive().default(30_000),
      maxMs: z.number().int().positive().default(3_600_000),
      maxAttempts: z.number().int().min(1).max(100).default(12),
      jitter: z.number().min(0).max(1).default(0.2),
    })
    .prefault({}),
  batchSize: z.number().int().min(1).max(500).default(10),
  /** Longest wait between two looks at the queue, a safety net for rows queued without a kick. */
  pollIntervalMs: z.number().int().positive().default(5_000),
});

/**
 * Validated delivery settings.
 * @example
 * const c: DeliveryConfig = parseDeliveryConfig({});
 */
export type DeliveryConfig = Readonly<z.output<typeof deliveryConfigSchema>>;

/**
 * Input of {@link parseDeliveryConfig}.
 * @example
 * const input: DeliveryConfigInput = { retry: { baseMs: 1000 } };
 */
export type DeliveryConfigInput = z.input<typeof deliveryConfigSchema>;

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/**
 * Validates delivery settings; throws an Error naming each bad field path (`notices.smtp.port: …`).
 * @example
 * parseDeliveryConfig({ smtp: { host: 'x', port: 0, from: 'a@b' } }); // throws 'notices.smtp.port: …'
 */
export function parseDeliveryConfig(input: unknown): DeliveryConfig {
  const r = deliveryConfigSchema.safeParse(input ?? {});
  if (!r.success) {
    throw new Error(`invalid notices config: ${formatIssues(r.error).replace(/(^|; )/g, '$1notices.')}`);
  }
  return deepFreeze(r.data);
}
