import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ConsoleServices } from '../services.js';
import type { MaintenanceWindow } from '../tickets/maintenance-store.js';
import { allow } from './auth.js';
import { type ApiEnv, actorOf, iso } from './http-types.js';
import { bearerSecurity, errorResponses, isoInstant, json, numericIdParam, siteIdApi } from './schemas.js';

const windowSchema = z
  .object({
    id: z.number().int(),
    siteId: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    reason: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('MaintenanceWindow');
const out = (w: MaintenanceWindow) => ({
  ...w,
  startsAt: iso(w.startsAt) as string,
  endsAt: iso(w.endsAt) as string,
  createdAt: iso(w.createdAt) as string,
});

/**
 * Maintenance window routes (noc writes).
 * @example
 * registerMaintenanceRoutes(api, services);
 */
export function registerMaintenanceRoutes(app: OpenAPIHono<ApiEnv>, s: ConsoleServices): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/maintenance',
      tags: ['maintenance'],
      security: bearerSecurity,
      request: {
        query: z.object({
          site: siteIdApi.optional(),
          from: isoInstant.optional(),
          to: isoInstant.optional(),
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(windowSchema) }), 'Windows overlapping the range'),
        ...errorResponses,
      },
    }),
    (c) => {
      allow(c, 'readonly');
      const q = c.req.valid('query');
      const items = s.maintenance.list({
        siteId: q.site,
        from: q.from ? Date.parse(q.from) : undefined,
        to: q.to ? Date.parse(q.to) : undefined,
      });
      return c.json({ items: items.map(out) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/maintenance',
      tags: ['maintenance'],
      security: bearerSecurity,
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({
                siteId: siteIdApi,
                startsAt: isoInstant,
                endsAt: isoInstant,
                reason: z.string().min(1).max(500),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: json(windowSchema, 'The new window'), ...errorResponses },
    }),
    (c) => {
      const p = allow(c, 'noc');
      const b = c.req.valid('json');
      const w = s.maintenance.create(
        {
          siteId: b.siteId,
          startsAt: Date.parse(b.startsAt),
          endsAt: Date.parse(b.endsAt),
          reason: b.reason,
        },
        actorOf(p),
      );
      return c.json(out(w), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/maintenance/{id}',
      tags: ['maintenance'],
      security: bearerSecurity,
      request: { params: numericIdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    (c) => {
      allow(c, 'noc');
      s.maintenance.delete(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
