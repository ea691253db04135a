import { z } from '@hono/zod-openapi';
import { CONDITIONS, PRIORITIES, SITE_ID_RE } from '@pbxwatch/core';

/** Standard error body. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi('Error');

/** Error responses shared by authenticated routes. */
export const errorResponses = {
  400: {
    description: 'Invalid input; `issues` name each field path',
    content: { 'application/json': { schema: errorSchema } },
  },
  401: { description: 'Missing or unknown token', content: { 'application/json': { schema: errorSchema } } },
  403: { description: 'Role not allowed', content: { 'application/json': { schema: errorSchema } } },
  404: { description: 'Not found', content: { 'application/json': { schema: errorSchema } } },
  409: {
    description: 'Conflicts with the current state',
    content: { 'application/json': { schema: errorSchema } },
  },
} as const;

/** `limit` (1–500, default 50) and `offset` query parameters. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/**
 * A page of items with its total.
 * @example
 * const s = page(ticketSchema);
 */
export function page<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}

/** JSON response helper for route definitions. */
export const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** ISO 8601 instant (in requests: with offset). */
export const isoInstant = z.iso.datetime({ offset: true });
export const prioritySchemaApi = z.enum(PRIORITIES);
export const conditionApi = z.enum([...CONDITIONS, 'manual'] as [string, ...string[]]);

const objective = z.object({
  dueAt: z.string().nullable(),
  state: z.enum(['running', 'paused', 'met', 'breached']),
  warning: z.boolean(),
  remainingSeconds: z.number(),
  elapsedSeconds: z.number(),
  targetSeconds: z.number(),
  priority: prioritySchemaApi,
});

/** A ticket as the API shows it. */
export const ticketSchema = z
  .object({
    id: z.number().int(),
    siteId: z.string(),
    condition: z.string(),
    priority: prioritySchemaApi,
    state: z.enum(['open', 'acknowledged', 'restored', 'closed']),
    summary: z.string(),
    detectedAt: z.string(),
    clearedAt: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    restoredAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    closedBy: z.string().nullable(),
    paused: z.boolean(),
    timeCorrected: z.boolean(),
    clockOffsetMs: z.number().nullable(),
    reopenCount: z.number().int(),
    planVersionId: z.number().int().nullable(),
    sla: z.record(z.string(), objective),
  })
  .openapi('Ticket');

/** A ticket with pauses, priority history and timeline. */
export const ticketDetailSchema = ticketSchema
  .extend({
    pauses: z.array(
      z.object({
        reason: z.string(),
        note: z.string().nullable(),
        pausedBy: z.string(),
        from: z.string(),
        to: z.string().nullable(),
        resumedBy: z.string().nullable(),
      }),
    ),
    priorities: z.array(z.object({ priority: prioritySchemaApi, at: z.string() })),
    timeline: z.array(
      z.object({
        type: z.string(),
        at: z.string(),
        actor: z.string(),
        data: z.record(z.string(), z.unknown()).nullable(),
      }),
    ),
  })
  .openapi('TicketDetail');

/** A site id (core's rule), built with the OpenAPI-extended zod. */
export const siteIdApi = z
  .string()
  .regex(SITE_ID_RE, 'site id: 1-63 of a-z, 0-9 and "-", not starting with "-"');
