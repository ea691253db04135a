import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ConsoleServices } from '../services.js';
import type { PlanInfo } from '../sla/plan-store.js';
import { allow } from './auth.js';
import type { ApiEnv } from './http-types.js';
import { bearerSecurity, errorResponses, json } from './schemas.js';

const planSchema = z
  .object({
    key: z.string(),
    source: z.enum(['preset', 'custom']),
    version: z.number().int(),
    versionId: z.number().int(),
    definition: z.record(z.string(), z.unknown()),
  })
  .openapi('Plan');
const keyParam = z.object({
  key: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/)
    .openapi({ param: { name: 'key', in: 'path' } }),
});
const out = (p: PlanInfo) => ({ ...p, definition: p.definition as Record<string, unknown> });

/**
 * Plan routes: presets and custom plans; a custom plan is versioned on every update.
 * @example
 * registerPlanRoutes(api, services);
 */
export function registerPlanRoutes(app: OpenAPIHono<ApiEnv>, s: ConsoleServices): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/plans',
      tags: ['plans'],
      security: bearerSecurity,
      responses: { 200: json(z.object({ items: z.array(planSchema) }), 'Every plan'), ...errorResponses },
    }),
    (c) => {
      allow(c, 'readonly');
      return c.json({ items: s.plans.list().map(out) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/plans/{key}',
      tags: ['plans'],
      security: bearerSecurity,
      request: { params: keyParam },
      responses: { 200: json(planSchema, 'The plan'), ...errorResponses },
    }),
    (c) => {
      allow(c, 'readonly');
      return c.json(out(s.plans.get(c.req.valid('param').key)), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/plans/{key}',
      tags: ['plans'],
      security: bearerSecurity,
      summary: "Create or update a custom plan (core's plan format); a new version each time",
      request: {
        params: keyParam,
        body: {
          content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
          required: true,
        },
      },
      responses: { 200: json(planSchema, 'The plan, current version'), ...errorResponses },
    }),
    (c) => {
      allow(c, 'admin');
      const key = c.req.valid('param').key;
      const def = c.req.valid('json');
      const p = s.plans.has(key) ? s.plans.updateCustom(key, def) : s.plans.createCustom(key, def);
      return c.json(out(p), 200);
    },
  );
}
