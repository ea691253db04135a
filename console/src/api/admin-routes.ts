import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { roleSchema } from '../auth/roles.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { ConsoleServices } from '../services.js';
import { allow } from './auth.js';
import { type ApiEnv, iso } from './http-types.js';
import { bearerSecurity, errorResponses, json, numericIdParam } from './schemas.js';

const tokenSchema = z
  .object({ id: z.number().int(), name: z.string(), role: roleSchema, createdAt: z.string() })
  .openapi('ApiToken');
const userSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    role: roleSchema,
    createdAt: z.string(),
    disabled: z.boolean(),
  })
  .openapi('User');

/**
 * Admin routes: API tokens (the secret is shown once) and web UI users; plus `GET /me`.
 * @example
 * registerAdminRoutes(api, services);
 */
export function registerAdminRoutes(app: OpenAPIHono<ApiEnv>, s: ConsoleServices): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags: ['auth'],
      security: bearerSecurity,
      responses: {
        200: json(
          z.object({ kind: z.enum(['token', 'user']), name: z.string(), role: roleSchema }),
          'The caller',
        ),
        ...errorResponses,
      },
    }),
    (c) => {
      const p = c.get('principal');
      return c.json({ kind: p.kind, name: p.name, role: p.role }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/tokens',
      tags: ['auth'],
      security: bearerSecurity,
      responses: {
        200: json(z.object({ items: z.array(tokenSchema) }), 'API tokens (no secrets)'),
        ...errorResponses,
      },
    }),
    (c) => {
      allow(c, 'admin');
      return c.json(
        { items: s.tokens.list().map((t) => ({ ...t, createdAt: iso(t.createdAt) as string })) },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/tokens',
      tags: ['auth'],
      security: bearerSecurity,
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({ name: z.string().min(1).max(100), role: roleSchema }),
            },
          },
          required: true,
        },
      },
      responses: {
        201: json(
          z.object({ id: z.number().int(), name: z.string(), role: roleSchema, token: z.string() }),
          'The token, shown once',
        ),
        ...errorResponses,
      },
    }),
    (c) => {
      allow(c, 'admin');
      const b = c.req.valid('json');
      return c.json(s.tokens.create(b.name, b.role), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/tokens/{id}',
      tags: ['auth'],
      security: bearerSecurity,
      request: { params: numericIdParam },
      responses: { 204: { description: 'Revoked' }, ...errorResponses },
    }),
    (c) => {
      allow(c, 'admin');
      if (!s.tokens.revoke(c.req.valid('param').id)) throw new NotFoundError('token not found');
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/users',
      tags: ['auth'],
      security: bearerSecurity,
      responses: { 200: json(z.object({ items: z.array(userSchema) }), 'Web UI users'), ...errorResponses },
    }),
    (c) => {
      allow(c, 'admin');
      return c.json(
        { items: s.users.list().map((u) => ({ ...u, createdAt: iso(u.createdAt) as string })) },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/users',
      tags: ['auth'],
      security: bearerSecurity,
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({
                username: z.string().regex(/^[a-zA-Z0-9._@-]{1,64}$/),
                password: z.string().min(12).max(200),
                role: roleSchema,
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: json(userSchema, 'The new user'), ...errorResponses },
    }),
    (c) => {
      allow(c, 'admin');
      const b = c.req.valid('json');
      if (s.users.list().some((u) => u.username === b.username))
        throw new ConflictError(`user ${b.username} exists`);
      const u = s.users.create(b.username, b.password, b.role);
      return c.json({ ...u, createdAt: iso(u.createdAt) as string }, 201);
    },
  );
}
