import { z } from '@hono/zod-openapi';
import { CONDITIONS, PRIORITIES, SITE_ID_RE } from '@pbxwatch/core';

/**
 * Standard error body.
 * @example
 * createRoute({ …, responses: { 404: { content: { 'application/json': { schema: errorSchema } } } } });
 */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi('Error');

/**
 * Error responses shared by authenticated routes.
 * @example
 * createRoute({ …, responses: { 200: json(siteSchema, 'The site'), ...errorResponses } });
 */
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

/**
 * `limit` (1–500, default 50) and `offset` query parameters.
 * @example
 * request: { query: pageQuery.extend({ customer: z.coerce.number().optional() }) }
 */
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

/**
 * JSON response helper for route definitions.
 * @example
 * responses: { 200: json(ticketSchema, 'The ticket') }
 */
export const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/**
 * ISO 8601 instant (in requests: with offset).
 * @example
 * isoInstant.parse('2026-11-23T15:00:00Z');
 */
export const isoInstant = z.iso.datetime({ offset: true });
/**
 * A priority, with the OpenAPI-extended zod.
 * @example
 * prioritySchemaApi.parse('P1');
 */
export const prioritySchemaApi = z.enum(PRIORITIES);
/**
 * A ticket condition (core's conditions plus `manual`).
 * @example
 * conditionApi.parse('manual');
 */
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

/**
 * A ticket as the API shows it.
 * @example
 * json(page(ticketSchema), 'A page of tickets');
 */
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

/**
 * A ticket with pauses, priority history and timeline.
 * @example
 * json(ticketDetailSchema, 'The ticket');
 */
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

/**
 * A site id (core's rule), built with the OpenAPI-extended zod.
 * @example
 * siteIdApi.parse('acme-hq');
 */
export const siteIdApi = z
  .string()
  .regex(SITE_ID_RE, 'site id: 1-63 of a-z, 0-9 and "-", not starting with "-"');

/**
 * The path parameter of resources with a numeric id (tickets, customers, tokens, maintenance).
 * @example
 * createRoute({ method: 'get', path: '/tickets/{id}', request: { params: numericIdParam }, ... });
 */
export const numericIdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

/**
 * Every `/api/v1` route but the health check takes a bearer token (OpenAPI `security`).
 * @example
 * createRoute({ ..., security: bearerSecurity });
 */
export const bearerSecurity = [{ bearer: [] }];
