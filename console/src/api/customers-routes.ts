import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ConsoleServices } from '../services.js';
import type { Customer } from '../sites/customer-store.js';
import { allow } from './auth.js';
import { type ApiEnv, iso } from './http-types.js';
import { bearerSecurity, errorResponses, json, numericIdParam, page, pageQuery } from './schemas.js';

const customerSchema = z
  .object({ id: z.number().int(), name: z.string(), email: z.string().nullable(), createdAt: z.string() })
  .openapi('Customer');
const customerInput = z.strictObject({
  name: z.string().min(1).max(200),
  email: z.email().nullable().optional(),
});
const out = (c: Customer) => ({ ...c, createdAt: iso(c.createdAt) as string });

/**
 * Customer routes (admin writes, readonly reads).
 * @example
 * registerCustomerRoutes(api, services);
 */
export function registerCustomerRoutes(app: OpenAPIHono<ApiEnv>, s: ConsoleServices): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/customers',
      tags: ['customers'],
      security: bearerSecurity,
      request: { query: pageQuery },
      responses: { 200: json(page(customerSchema), 'A page of customers'), ...errorResponses },
    }),
    (c) => {
      allow(c, 'readonly');
      const q = c.req.valid('query');
      const r = s.customers.list(q.limit, q.offset);
      return c.json({ items: r.items.map(out), total: r.total, limit: q.limit, offset: q.offset }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/customers',
      tags: ['customers'],
      security: bearerSecurity,
      request: { body: { content: { 'application/json': { schema: customerInput } }, required: true } },
      responses: { 201: json(customerSchema, 'The new customer'), ...errorResponses },
    }),
    (c) => {
      allow(c, 'admin');
      return c.json(out(s.customers.create(c.req.valid('json'))), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/customers/{id}',
      tags: ['customers'],
      security: bearerSecurity,
      request: { params: numericIdParam },
      responses: { 200: json(customerSchema, 'The customer'), ...errorResponses },
    }),
    (c) => {
      allow(c, 'readonly');
      return c.json(out(s.customers.get(c.req.valid('param').id)), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/customers/{id}',
      tags: ['customers'],
      security: bearerSecurity,
      request: {
        params: numericIdParam,
        body: { content: { 'application/json': { schema: customerInput.partial() } }, required: true },
      },
      responses: { 200: json(customerSchema, 'The customer'), ...errorResponses },
    }),
    (c) => {
      allow(c, 'admin');
      return c.json(out(s.customers.update(c.req.valid('param').id, c.req.valid('json'))), 200);
    },
  );
}
