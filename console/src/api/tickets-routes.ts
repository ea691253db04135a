import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ConsoleServices } from '../services.js';
import { allow } from './auth.js';
import { type ApiEnv, actorOf } from './http-types.js';
import { MicroCache } from './micro-cache.js';
import {
  bearerSecurity,
  errorResponses,
  isoInstant,
  json,
  numericIdParam,
  page,
  pageQuery,
  prioritySchemaApi,
  ticketDetailSchema,
  ticketSchema,
} from './schemas.js';
import { ticketDetailJson } from './ticket-json.js';
import { TicketListBody } from './ticket-list-body.js';

const noteBody = z.strictObject({ note: z.string().max(2000).optional() });

const list = createRoute({
  method: 'get',
  path: '/tickets',
  tags: ['tickets'],
  security: bearerSecurity,
  summary: 'List tickets (newest first) with their SLA clocks',
  request: {
    query: pageQuery.extend({
      state: z.enum(['open', 'acknowledged', 'restored', 'closed', 'live']).optional(),
      priority: prioritySchemaApi.optional(),
      site: z.string().optional(),
      condition: z.string().optional(),
      customer: z.coerce.number().int().optional(),
    }),
  },
  responses: { 200: json(page(ticketSchema), 'A page of tickets'), ...errorResponses },
});

const get = createRoute({
  method: 'get',
  path: '/tickets/{id}',
  tags: ['tickets'],
  security: bearerSecurity,
  summary: 'One ticket with pauses, priority history and timeline',
  request: { params: numericIdParam },
  responses: { 200: json(ticketDetailSchema, 'The ticket'), ...errorResponses },
});

const manual = createRoute({
  method: 'post',
  path: '/tickets',
  tags: ['tickets'],
  security: bearerSecurity,
  summary: 'Open a manual ticket',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.strictObject({
            siteId: z.string(),
            priority: prioritySchemaApi,
            summary: z.string().min(1).max(500),
            detectedAt: isoInstant.optional(),
          }),
        },
      },
    },
  },
  responses: { 201: json(ticketDetailSchema, 'The new ticket'), ...errorResponses },
});

function action(name: string, summary: string, body?: z.ZodObject) {
  return createRoute({
    method: 'post',
    path: `/tickets/{id}/${name}`,
    tags: ['tickets'],
    security: bearerSecurity,
    summary,
    request: {
      params: numericIdParam,
      ...(body ? { body: { content: { 'application/json': { schema: body } }, required: true } } : {}),
    },
    responses: { 200: json(ticketDetailSchema, 'The ticket after the action'), ...errorResponses },
  });
}

// The body was validated by the route's schema; the generic `action` factory loses its type.
const validBody = <T>(c: { req: unknown }): T => (c.req as { valid(t: 'json'): T }).valid('json');

const pauseBody = z.strictObject({
  reason: z.enum(['customer-access', 'customer-request', 'other']),
  note: z.string().max(2000).optional(),
});

/**
 * Ticket routes: list/get, manual tickets, and the actions acknowledge, pause, resume, resolve,
 * close, note (noc role for actions, readonly for reads).
 * @example
 * registerTicketRoutes(api, services);
 */
export function registerTicketRoutes(app: OpenAPIHono<ApiEnv>, s: ConsoleServices): void {
  const cache = new MicroCache(s.config.api.listCacheMs, s.now);
  const bodies = new TicketListBody();
  app.openapi(list, (c) => {
    allow(c, 'readonly');
    const q = c.req.valid('query');
    const key = JSON.stringify(q);
    const version = s.ticketRepo.version;
    let body = cache.get(key, version);
    if (body === undefined) {
      const r = s.ticketQueries.list(
        {
          state: q.state,
          priority: q.priority,
          siteId: q.site,
          condition: q.condition,
          customerId: q.customer,
        },
        q.limit,
        q.offset,
      );
      body = cache.set(key, version, bodies.render(version, r.items, r.total, q.limit, q.offset));
    }
    // Serialised once (and maybe cached); the schema above still documents the body.
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }) as never;
  });
  app.openapi(get, (c) => {
    allow(c, 'readonly');
    return c.json(ticketDetailJson(s.ticketQueries.get(c.req.valid('param').id)), 200);
  });
  app.openapi(manual, (c) => {
    const p = allow(c, 'noc');
    const b = c.req.valid('json');
    const t = s.tickets.createManual(
      {
        siteId: b.siteId,
        priority: b.priority,
        summary: b.summary,
        detectedAt: b.detectedAt ? Date.parse(b.detectedAt) : undefined,
      },
      actorOf(p),
    );
    return c.json(ticketDetailJson(s.ticketQueries.get(t.id)), 201);
  });
  const detail = (id: number) => ticketDetailJson(s.ticketQueries.get(id));
  app.openapi(action('acknowledge', 'Acknowledge (stops the response clock)'), (c) => {
    const id = c.req.valid('param').id;
    s.tickets.acknowledge(id, actorOf(allow(c, 'noc')));
    return c.json(detail(id), 200);
  });
  app.openapi(action('pause', 'Pause the clocks (e.g. customer-access)', pauseBody), (c) => {
    const id = c.req.valid('param').id;
    const b = validBody<z.infer<typeof pauseBody>>(c);
    s.tickets.pause(id, { reason: b.reason, note: b.note ?? null }, actorOf(allow(c, 'noc')));
    return c.json(detail(id), 200);
  });
  app.openapi(action('resume', 'Resume the clocks'), (c) => {
    const id = c.req.valid('param').id;
    s.tickets.resume(id, actorOf(allow(c, 'noc')));
    return c.json(detail(id), 200);
  });
  app.openapi(action('resolve', 'Mark service restored by hand (stops resolution)', noteBody), (c) => {
    const id = c.req.valid('param').id;
    s.tickets.resolve(id, actorOf(allow(c, 'noc')), validBody<z.infer<typeof noteBody>>(c).note);
    return c.json(detail(id), 200);
  });
  app.openapi(action('close', 'Close the ticket', noteBody), (c) => {
    const id = c.req.valid('param').id;
    s.tickets.close(id, actorOf(allow(c, 'noc')), validBody<z.infer<typeof noteBody>>(c).note);
    return c.json(detail(id), 200);
  });
  const textBody = z.strictObject({ text: z.string().min(1).max(5000) });
  app.openapi(action('note', 'Add a note to the timeline', textBody), (c) => {
    const id = c.req.valid('param').id;
    s.tickets.note(id, actorOf(allow(c, 'noc')), validBody<z.infer<typeof textBody>>(c).text);
    return c.json(detail(id), 200);
  });
}
