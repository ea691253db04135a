/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { Context, Hono } from 'hono';
import { roleAllows } from '../auth/roles.js';
import { ServiceError } from '../errors.js';
import { listTicketNotices } from '../notices/index.js';
import type { ConsoleServices } from '../services.js';
import type { Viewer } from './layout.js';
import type { WebSession } from './session-store.js';
import { TicketLive, TicketPage, type TicketPageData } from './ticket-page.js';

const PAUSE_REASONS = new Set(['customer-access', 'customer-request', 'other']);

/** What the ticket routes borrow from the web UI: its session check, viewer and flash. */
export interface TicketRouteDeps {
  /** The session, or the response to send instead (login redirect, or 401 under /ui/). */
  need: (c: Context) => WebSession | Response;
  viewer: (s: WebSession) => Viewer;
  takeFlash: (s: WebSession) => { ok: boolean; text: string } | null;
  warnAt: number;
  now: () => number;
}

/**
 * Mounts the ticket page `GET /tickets/:id`, its live part `GET /ui/fragments/tickets/:id` (which
 * the client script swaps in when the event stream names this ticket) and the NOC actions
 * `POST /tickets/:id/:action`.
 * @example
 * registerTicketRoutes(root, services, { need, viewer, takeFlash, warnAt: 0.75, now: Date.now });
 */
export function registerTicketRoutes(root: Hono, s: ConsoleServices, d: TicketRouteDeps): void {
  const load = (c: Context): TicketPageData | Response => {
    const id = Number(c.req.param('id'));
    let ticket: ReturnType<typeof s.ticketQueries.get>;
    try {
      ticket = s.ticketQueries.get(id);
    } catch (err) {
      if (err instanceof ServiceError && err.status === 404) return c.text(`ticket ${id} not found`, 404);
      throw err;
    }
    const site = s.sites.find(ticket.siteId);
    const customer = site?.customerId == null ? null : s.customers.get(site.customerId).name;
    return { ticket, site, customer, notices: listTicketNotices(s.db, id), now: d.now() };
  };

  root.get('/tickets/:id{[0-9]+}', (c) => {
    const ses = d.need(c);
    if (ses instanceof Response) return ses;
    const data = load(c);
    if (data instanceof Response) return data;
    return c.html(
      <TicketPage viewer={d.viewer(ses)} data={data} warnAt={d.warnAt} flash={d.takeFlash(ses)} />,
    );
  });
  root.get('/ui/fragments/tickets/:id{[0-9]+}', (c) => {
    const ses = d.need(c);
    if (ses instanceof Response) return ses;
    const data = load(c);
    if (data instanceof Response) return data;
    return c.html(<TicketLive viewer={d.viewer(ses)} data={data} warnAt={d.warnAt} />);
  });

  root.post('/tickets/:id{[0-9]+}/:action', async (c) => {
    const ses = d.need(c);
    if (ses instanceof Response) return ses;
    if (!roleAllows(ses.role, 'noc')) return c.text('noc role required', 403);
    const id = Number(c.req.param('id'));
    const form = await c.req.parseBody();
    const text = (k: string) => (typeof form[k] === 'string' && form[k] ? (form[k] as string) : undefined);
    const actor = ses.username;
    const act = c.req.param('action');
    const done: Record<string, () => unknown> = {
      acknowledge: () => s.tickets.acknowledge(id, actor),
      pause: () => {
        const reason = text('reason') ?? 'other';
        if (!PAUSE_REASONS.has(reason)) throw new Error(`unknown pause reason ${reason}`);
        return s.tickets.pause(id, { reason: reason as 'other', note: text('note') }, actor);
      },
      resume: () => s.tickets.resume(id, actor),
      resolve: () => s.tickets.resolve(id, actor, text('note')),
      note: () => s.tickets.note(id, actor, text('text') ?? ''),
    };
    const run = done[act];
    if (!run) return c.text(`unknown action ${act}`, 404);
    try {
      run();
      ses.flash = { ok: true, text: `${act}: done` };
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      ses.flash = { ok: false, text: `${act} failed: ${err.message}` };
    }
    return c.redirect(`/tickets/${id}`, 303);
  });
}
