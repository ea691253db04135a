import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { ValidationError } from '../errors.js';
import { toCsv } from '../reports/csv.js';
import type { ConsoleServices } from '../services.js';
import { allow } from './auth.js';
import { type ApiEnv, iso } from './http-types.js';
import { bearerSecurity, errorResponses, isoInstant, siteIdApi } from './schemas.js';

const period = z.object({
  from: isoInstant,
  to: isoInstant,
  format: z.enum(['json', 'csv']).default('json'),
});

function range(q: { from: string; to: string }): [number, number] {
  const from = Date.parse(q.from);
  const to = Date.parse(q.to);
  if (!(to > from))
    throw new ValidationError('to must be after from', [{ path: 'query.to', message: 'must be after from' }]);
  return [from, to];
}

const anyJson = {
  description: 'Report rows (JSON) or CSV with format=csv',
  content: {
    'application/json': {
      schema: z.object({
        from: z.string(),
        to: z.string(),
        rows: z.array(z.record(z.string(), z.unknown())),
      }),
    },
    'text/csv': { schema: z.string() },
  },
};

/**
 * Report routes: SLA attainment and availability for a period, as JSON or CSV.
 * @example
 * GET /api/v1/reports/attainment?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&format=csv
 */
/** A report as CSV, or as JSON with its period, by the `format` asked for. */
function report(
  format: string | undefined,
  from: number,
  to: number,
  rows: Record<string, unknown>[],
): Response {
  if (format === 'csv')
    return new Response(toCsv(rows), { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' } });
  return Response.json({ from: iso(from), to: iso(to), rows }, { status: 200 });
}

export function registerReportRoutes(app: OpenAPIHono<ApiEnv>, s: ConsoleServices): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/reports/attainment',
      tags: ['reports'],
      security: bearerSecurity,
      summary:
        'Objectives due in the period: met/breached per customer, plan, priority; mean and p90 time to stop',
      request: { query: period.extend({ customer: z.coerce.number().int().optional() }) },
      responses: { 200: anyJson, ...errorResponses },
    }),
    (c) => {
      allow(c, 'readonly');
      const q = c.req.valid('query');
      const [from, to] = range(q);
      const rows = s.reports.attainment(from, to, q.customer);
      return report(q.format, from, to, rows as unknown as Record<string, unknown>[]);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/reports/availability',
      tags: ['reports'],
      security: bearerSecurity,
      summary:
        'Per-site availability: P1 downtime, maintenance excluded, agent-offline time apart as unknown',
      request: { query: period.extend({ site: siteIdApi.optional() }) },
      responses: { 200: anyJson, ...errorResponses },
    }),
    (c) => {
      allow(c, 'readonly');
      const q = c.req.valid('query');
      const [from, to] = range(q);
      const rows = s.reports.availability(from, to, q.site);
      return report(q.format, from, to, rows as unknown as Record<string, unknown>[]);
    },
  );
}
