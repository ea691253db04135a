import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ConsoleServices } from '../services.js';
import { prep } from '../store/statements.js';
import type { TicketEventContext } from '../tickets/ticket-events.js';
import { registerAdminRoutes } from './admin-routes.js';
import { type Authenticator, allow, bearerAuthenticator, requireAuth } from './auth.js';
import { registerCustomerRoutes } from './customers-routes.js';
import { errorHandler, validationHook } from './errors.js';
import type { ApiEnv } from './http-types.js';
import { registerMaintenanceRoutes } from './maintenance-routes.js';
import { registerPlanRoutes } from './plans-routes.js';
import { registerReportRoutes } from './reports-routes.js';
import { registerSiteRoutes } from './sites-routes.js';
import { registerTicketRoutes } from './tickets-routes.js';

/**
 * Options of {@link createApi}.
 * @example
 * createApi(services, { extraMetrics: () => renderPrometheus(broker.metrics()) });
 */
export interface ApiOptions {
  /** Extra authenticators tried after the bearer token (the web UI adds its session cookie). */
  authenticators?: Authenticator[];
  /** Extra Prometheus text appended to `/metrics` (the embedded broker's). */
  extraMetrics?: () => string;
  /** Mounts more routes on the root app (the web UI), after the API and before nothing else. */
  routes?: (root: Hono, services: ConsoleServices) => void;
  /** Readiness for `/healthz`. */
  health?: () => { ok: boolean; checks: Record<string, boolean> };
}

/**
 * The HTTP application: `/healthz`, `/metrics`, and the REST API under `/api/v1` with its OpenAPI
 * 3 document at `/api/v1/openapi.json` and a live ticket-event stream (SSE) at `/api/v1/events`.
 * @example
 * serve({ fetch: createApi(services).fetch, port: 8080 });
 */
export function createApi(s: ConsoleServices, o: ApiOptions = {}): Hono {
  const root = new Hono();
  const onError = errorHandler(s.log);
  root.onError(onError);
  root.get('/healthz', (c) => {
    const h = o.health?.() ?? { ok: true, checks: {} };
    try {
      prep(s.db, 'SELECT 1').get();
      h.checks.database = true;
    } catch {
      h.checks.database = false;
      h.ok = false;
    }
    return c.json({ status: h.ok ? 'ok' : 'degraded', checks: h.checks }, h.ok ? 200 : 503);
  });
  root.get('/metrics', (c) => {
    const text = s.metrics.render() + (o.extraMetrics?.() ?? '');
    return c.body(text, 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });

  const api = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  api.onError(onError);
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  api.doc('/openapi.json', {
    openapi: '3.0.3',
    info: {
      title: 'pbxwatch console API',
      version: '1.0.0',
      description: 'Tickets, sites, SLA plans and reports.',
    },
    servers: [{ url: '/api/v1' }],
  });
  api.use('*', async (c, next) =>
    c.req.path.endsWith('/openapi.json')
      ? next()
      : requireAuth([bearerAuthenticator(s.tokens), ...(o.authenticators ?? [])])(c, next),
  );
  registerTicketRoutes(api, s);
  registerSiteRoutes(api, s);
  registerCustomerRoutes(api, s);
  registerPlanRoutes(api, s);
  registerMaintenanceRoutes(api, s);
  registerReportRoutes(api, s);
  registerAdminRoutes(api, s);
  api.get('/events', (c) => {
    allow(c, 'readonly');
    return streamSSE(c, async (stream) => {
      const queue: TicketEventContext[] = [];
      let wake: (() => void) | null = null;
      const off = s.bus.subscribe((ctx) => {
        queue.push(ctx);
        wake?.();
      });
      stream.onAbort(() => {
        off();
        wake?.();
      });
      while (!stream.aborted) {
        const ctx = queue.shift();
        if (ctx) await stream.writeSSE({ event: ctx.event.type, data: JSON.stringify(ctx) });
        else await new Promise<void>((r) => (wake = r));
        wake = null;
      }
      off();
    });
  });
  root.route('/api/v1', api);
  o.routes?.(root, s);
  return root;
}
