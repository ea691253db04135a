import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { IANAZone } from 'luxon';
import { NotFoundError } from '../errors.js';
import type { ConsoleServices } from '../services.js';
import type { Site } from '../sites/site-store.js';
import { TELEMETRY_RANGES, type TelemetryRange, type TelemetrySeries } from '../sites/telemetry-history.js';
import { allow } from './auth.js';
import { type ApiEnv, iso } from './http-types.js';
import { bearerSecurity, errorResponses, json, page, pageQuery, siteIdApi } from './schemas.js';

const zone = z
  .string()
  .refine((z) => z.includes('/') || z === 'UTC', 'an IANA time zone such as America/Chicago')
  .refine((z) => IANAZone.isValidZone(z), 'unknown IANA time zone');
const siteSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    customerId: z.number().int().nullable(),
    plan: z.string().nullable(),
    timeZone: z.string(),
    createdAt: z.string(),
    online: z.boolean(),
    lastSeenAt: z.string().nullable(),
    lastHeartbeatAt: z.string().nullable(),
    clockOffsetMs: z.number().nullable(),
    agentVersion: z.string().nullable(),
    telemetry: z.unknown(),
  })
  .openapi('Site');
const siteInput = z.strictObject({
  id: siteIdApi,
  name: z.string().min(1).max(200),
  customerId: z.number().int().positive().nullable().optional(),
  plan: z.string().nullable().optional(),
  timeZone: zone,
});
const idParam = z.object({ id: siteIdApi.openapi({ param: { name: 'id', in: 'path' } }) });
const count = z.number().int().nullable();
const rangeApi = z.enum(Object.keys(TELEMETRY_RANGES) as [TelemetryRange, ...TelemetryRange[]]);
const telemetrySchema = z
  .object({
    siteId: z.string(),
    range: rangeApi,
    bucketSeconds: z.number().int(),
    from: z.string(),
    to: z.string(),
    points: z.array(
      z.object({
        at: z.string().openapi({ description: 'Bucket start' }),
        samples: z.number().int().openapi({ description: 'Telemetry messages in the bucket; 0 is a gap' }),
        connected: count.openapi({ description: 'Newest count in the bucket; null where none was reported' }),
        connectedMin: count,
        monitored: count,
        ratio: z.number().nullable().openapi({ description: 'connected / monitored of the newest counts' }),
        ratioMin: z.number().nullable(),
        sipRttMs: z.number().nullable().openapi({ description: 'Mean SIP OPTIONS round trip' }),
        sipRttMaxMs: z.number().nullable(),
      }),
    ),
  })
  .openapi('SiteTelemetry');

const out = (s: Site) => ({
  id: s.id,
  name: s.name,
  customerId: s.customerId,
  plan: s.planKey,
  timeZone: s.timeZone,
  createdAt: iso(s.createdAt) as string,
  online: s.online,
  lastSeenAt: iso(s.lastSeenAt),
  lastHeartbeatAt: iso(s.lastHeartbeatAt),
  clockOffsetMs: s.clockOffsetMs,
  agentVersion: s.agentVersion,
  telemetry: s.lastTelemetry,
});

const telemetryOut = (siteId: string, t: TelemetrySeries) => ({
  siteId,
  range: t.range,
  bucketSeconds: t.bucketMs / 1000,
  from: iso(t.from) as string,
  to: iso(t.to) as string,
  points: t.points.map((p) => ({ ...p, at: iso(p.at) as string })),
});

/**
 * Site routes. Creating a site (or rotating its secret) returns the MQTT secret once; only its
 * scrypt hash is stored.
 * @example
 * registerSiteRoutes(api, services);
 */
export function registerSiteRoutes(app: OpenAPIHono<ApiEnv>, s: ConsoleServices): void {
  const checkPlan = (plan: string | null | undefined) => {
    if (plan && !s.plans.has(plan)) throw new NotFoundError(`plan ${plan} not found`);
  };
  app.openapi(
    createRoute({
      method: 'get',
      path: '/sites',
      tags: ['sites'],
      security: bearerSecurity,
      request: { query: pageQuery.extend({ customer: z.coerce.number().int().optional() }) },
      responses: { 200: json(page(siteSchema), 'A page of sites'), ...errorResponses },
    }),
    (c) => {
      allow(c, 'readonly');
      const q = c.req.valid('query');
      const r = s.sites.list(q.limit, q.offset, q.customer);
      return c.json({ items: r.items.map(out), total: r.total, limit: q.limit, offset: q.offset }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/sites',
      tags: ['sites'],
      security: bearerSecurity,
      summary: 'Create a site; the response holds its MQTT secret, shown only this once',
      request: { body: { content: { 'application/json': { schema: siteInput } }, required: true } },
      responses: {
        201: json(
          z.object({ site: siteSchema, mqtt: z.object({ username: z.string(), secret: z.string() }) }),
          'The new site',
        ),
        ...errorResponses,
      },
    }),
    (c) => {
      allow(c, 'admin');
      const b = c.req.valid('json');
      checkPlan(b.plan);
      const r = s.sites.create({
        id: b.id,
        name: b.name,
        customerId: b.customerId,
        planKey: b.plan,
        timeZone: b.timeZone,
      });
      return c.json({ site: out(r.site), mqtt: { username: r.site.id, secret: r.mqttSecret } }, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/sites/{id}',
      tags: ['sites'],
      security: bearerSecurity,
      request: { params: idParam },
      responses: { 200: json(siteSchema, 'The site'), ...errorResponses },
    }),
    (c) => {
      allow(c, 'readonly');
      return c.json(out(s.sites.get(c.req.valid('param').id)), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/sites/{id}/telemetry',
      tags: ['sites'],
      security: bearerSecurity,
      summary: 'Stations and SIP round trip over the last 24 h (5-minute buckets) or 7 days (hourly)',
      request: {
        params: idParam,
        query: z.object({ range: rangeApi.default('24h') }),
      },
      responses: { 200: json(telemetrySchema, 'One point per bucket, oldest first'), ...errorResponses },
    }),
    (c) => {
      allow(c, 'readonly');
      const id = c.req.valid('param').id;
      s.sites.get(id); // 404 for an unknown site, not an empty series
      return c.json(telemetryOut(id, s.telemetry.series(id, c.req.valid('query').range, s.now())), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/sites/{id}',
      tags: ['sites'],
      security: bearerSecurity,
      summary: 'Change name, customer, plan or zone (open tickets keep their plan version)',
      request: {
        params: idParam,
        body: {
          content: { 'application/json': { schema: siteInput.omit({ id: true }).partial() } },
          required: true,
        },
      },
      responses: { 200: json(siteSchema, 'The site'), ...errorResponses },
    }),
    (c) => {
      allow(c, 'admin');
      const b = c.req.valid('json');
      checkPlan(b.plan);
      const site = s.sites.update(c.req.valid('param').id, {
        name: b.name,
        customerId: b.customerId,
        planKey: b.plan,
        timeZone: b.timeZone,
      });
      return c.json(out(site), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/sites/{id}/rotate-secret',
      tags: ['sites'],
      security: bearerSecurity,
      summary: 'Replace the MQTT secret; the new one is shown only this once',
      request: { params: idParam },
      responses: {
        200: json(z.object({ username: z.string(), secret: z.string() }), 'The new secret'),
        ...errorResponses,
      },
    }),
    (c) => {
      allow(c, 'admin');
      const id = c.req.valid('param').id;
      return c.json({ username: id, secret: s.sites.rotateSecret(id) }, 200);
    },
  );
}
