/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import type { Authenticator } from '../api/auth.js';
import type { Principal } from '../api/http-types.js';
import type { ConsoleServices } from '../services.js';
import { UI_CSS, UI_JS } from './assets.js';
import { clientAddressResolver } from './client-address.js';
import { DashboardPage, TicketsFragment } from './dashboard.js';
import { createDashboardLoader } from './dashboard-data.js';
import type { Viewer } from './layout.js';
import { LoginPage, ReportsPage, SitePage, SitesPage } from './other-pages.js';
import { RateLimiter } from './rate-limit.js';
import { csrfMatches, randomToken, SessionStore, type WebSession } from './session-store.js';
import { SITE_CHARTS_CSS, SITE_CHARTS_JS } from './site-charts.js';
import { registerSiteForm } from './site-form.js';
import { registerTicketRoutes } from './ticket-routes.js';
import { uplotAssets } from './uplot-assets.js';

const COOKIE = 'pbxw_session';
/** Most ticket ids one live event names (an ingest burst names none: every view refreshes). */
const MAX_NAMED = 100;
const LOGIN_COOKIE = 'pbxw_login';

/**
 * Options of {@link createWebUi}.
 * @example
 * createWebUi({ now: Date.now, secureCookies: true, dashboardLimit: 200 });
 */
export interface WebUiOptions {
  now?: () => number;
  /** Force the cookie's Secure flag; default: when the request came over https (X-Forwarded-Proto). */
  secureCookies?: boolean;
  /** Tickets rendered on the dashboard (the rest are counted). */
  dashboardLimit?: number;
  /** Login attempts per client IP (behind a trusted proxy, X-Forwarded-For's) per 5 minutes. */
  loginAttempts?: number;
}

/**
 * The NOC web UI: `routes` mounts the pages on the console's root app; `authenticator` lets a
 * session read the API (GET only, so the cookie never authorises an API change without CSRF).
 * @example
 * const web = createWebUi();
 * createConsole(config, { routes: web.routes, authenticators: [web.authenticator] });
 */
export function createWebUi(o: WebUiOptions = {}): {
  routes: (root: Hono, s: ConsoleServices) => void;
  authenticator: Authenticator;
  sessions: SessionStore;
  close: () => Promise<void>;
} {
  const now = o.now ?? Date.now;
  const sessions = new SessionStore(now);
  const limiter = new RateLimiter(o.loginAttempts ?? 10, 5 * 60_000, now);
  const limit = o.dashboardLimit ?? 200;
  // Open event streams: ended by close(), else the HTTP server's close() would wait for them forever.
  const streams = new Set<() => void>();
  const ended = new Set<Promise<void>>();
  let closed = false;
  const session = (c: Context) => sessions.get(getCookie(c, COOKIE));
  const viewer = (s: WebSession): Viewer => ({ username: s.username, role: s.role, csrf: s.csrf });
  const secure = (c: Context) =>
    o.secureCookies ??
    (c.req.header('x-forwarded-proto') === 'https' || new URL(c.req.url).protocol === 'https:');
  const takeFlash = (s: WebSession) => {
    const f = s.flash ?? null;
    s.flash = undefined;
    return f;
  };

  const authenticator: Authenticator = (c) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return null;
    const s = session(c);
    return s ? ({ kind: 'user', id: s.userId, name: s.username, role: s.role } satisfies Principal) : null;
  };

  const routes = (root: Hono, s: ConsoleServices) => {
    const warnAt = s.config.sla.warnAt;
    const clientAddress = clientAddressResolver(s.config.http.trustedProxies);
    const loadDashboard = createDashboardLoader(s, limit);
    const asset = (body: string, type: string) => (c: Context) =>
      c.body(body, 200, { 'content-type': type, 'cache-control': 'no-cache' });
    root.get('/ui/app.css', asset(UI_CSS, 'text/css; charset=utf-8'));
    root.get('/ui/app.js', asset(UI_JS, 'text/javascript; charset=utf-8'));
    root.get('/ui/site-charts.css', asset(SITE_CHARTS_CSS, 'text/css; charset=utf-8'));
    root.get('/ui/site-charts.js', asset(SITE_CHARTS_JS, 'text/javascript; charset=utf-8'));
    const uplot = uplotAssets();
    root.get('/ui/uplot.min.css', asset(uplot.css, 'text/css; charset=utf-8'));
    root.get('/ui/uplot.min.js', asset(uplot.js, 'text/javascript; charset=utf-8'));
    root.get('/favicon.ico', (c) => c.body(null, 204));

    // Every state-changing request carries the CSRF token of its session (or of the login form).
    root.use('*', async (c, next) => {
      c.header('x-frame-options', 'DENY');
      c.header('referrer-policy', 'same-origin');
      if (c.req.method !== 'POST' || c.req.path.startsWith('/api/')) return next();
      const form = await c.req.parseBody();
      const expected = c.req.path === '/login' ? getCookie(c, LOGIN_COOKIE) : (session(c)?.csrf ?? undefined);
      if (!expected || !csrfMatches(expected, form._csrf))
        return c.text('invalid or missing CSRF token', 403);
      return next();
    });

    root.get('/login', (c) => {
      const token = randomToken();
      setCookie(c, LOGIN_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: secure(c),
        path: '/login',
      });
      return c.html(<LoginPage csrf={token} error={null} now={now()} />);
    });
    root.post('/login', async (c) => {
      const ip = clientAddress(peerAddress(c), c.req.header('x-forwarded-for'));
      if (!limiter.hit(ip)) {
        c.header('retry-after', String(limiter.retryAfter(ip)));
        return c.text('too many login attempts, try again later', 429);
      }
      const form = await c.req.parseBody();
      const user = s.users.authenticate(String(form.username ?? ''), String(form.password ?? ''));
      if (!user) {
        const token = randomToken();
        setCookie(c, LOGIN_COOKIE, token, {
          httpOnly: true,
          sameSite: 'Strict',
          secure: secure(c),
          path: '/login',
        });
        return c.html(<LoginPage csrf={token} error="Wrong user name or password." now={now()} />, 401);
      }
      limiter.reset(ip);
      sessions.destroy(getCookie(c, COOKIE));
      const ses = sessions.create(user);
      setCookie(c, COOKIE, ses.id, { httpOnly: true, sameSite: 'Strict', secure: secure(c), path: '/' });
      deleteCookie(c, LOGIN_COOKIE, { path: '/login' });
      return c.redirect('/', 303);
    });
    root.post('/logout', (c) => {
      sessions.destroy(getCookie(c, COOKIE));
      deleteCookie(c, COOKIE, { path: '/' });
      return c.redirect('/login', 303);
    });

    // Everything below needs a session: pages redirect to the login, data endpoints answer 401.
    const need = (c: Context): WebSession | Response => {
      const ses = session(c);
      if (ses) return ses;
      return c.req.path.startsWith('/ui/') ? c.text('login required', 401) : c.redirect('/login', 303);
    };

    root.get('/', (c) => {
      const ses = need(c);
      if (ses instanceof Response) return ses;
      return c.html(<DashboardPage viewer={viewer(ses)} d={loadDashboard()} warnAt={warnAt} />);
    });
    root.get('/ui/fragments/tickets', (c) => {
      const ses = need(c);
      if (ses instanceof Response) return ses;
      return c.html(<TicketsFragment d={loadDashboard()} warnAt={warnAt} />);
    });
    root.get('/ui/events', (c) => {
      const ses = need(c);
      if (ses instanceof Response) return ses;
      if (closed) return c.text('shutting down', 503);
      return streamSSE(c, async (stream) => {
        let wake: (() => void) | null = null;
        // Tickets changed since the last write; past MAX_NAMED the event names none (any may have).
        const changed = new Set<number>();
        let pending = 0;
        const end = () => wake?.();
        streams.add(end);
        let done = () => {};
        const finished = new Promise<void>((r) => (done = r));
        ended.add(finished);
        const off = s.bus.subscribe((ctx) => {
          if (changed.size <= MAX_NAMED) changed.add(ctx.ticket.id);
          pending++;
          wake?.();
        });
        // A comment now and then keeps proxies from closing an idle stream.
        const ping = setInterval(() => wake?.(), 25_000);
        stream.onAbort(() => wake?.());
        try {
          while (!stream.aborted && !closed) {
            if (pending > 0) {
              pending = 0;
              // Which tickets changed, not how: the page re-fetches what it shows, with the viewer's
              // rights (a ticket page only when its own id is named).
              const ids = changed.size <= MAX_NAMED ? [...changed] : undefined;
              changed.clear();
              await stream.writeSSE({ event: 'ticket', data: JSON.stringify(ids ? { ids } : {}) });
            } else await stream.write(': ping\n\n');
            await new Promise<void>((r) => (wake = r));
            wake = null;
          }
        } finally {
          streams.delete(end);
          ended.delete(finished);
          setImmediate(done); // after the response has ended
          clearInterval(ping);
          off();
        }
      });
    });

    registerTicketRoutes(root, s, { need, viewer, takeFlash, warnAt, now });

    root.get('/sites', (c) => {
      const ses = need(c);
      if (ses instanceof Response) return ses;
      return c.html(<SitesPage viewer={viewer(ses)} sites={s.sites.list(5000, 0).items} now={now()} />);
    });
    registerSiteForm(root, s, session, now);
    root.get('/sites/:id', (c) => {
      const ses = need(c);
      if (ses instanceof Response) return ses;
      const site = s.sites.find(c.req.param('id'));
      if (!site) return c.text('site not found', 404);
      const customer = site.customerId == null ? null : s.customers.get(site.customerId).name;
      return c.html(<SitePage viewer={viewer(ses)} site={site} customer={customer} now={now()} />);
    });
    root.get('/reports', (c) => {
      const ses = need(c);
      if (ses instanceof Response) return ses;
      return c.html(<ReportsPage viewer={viewer(ses)} now={now()} />);
    });
  };
  /** Ends every open event stream; resolves when they have ended. */
  const close = async () => {
    closed = true;
    const waiting = [...ended];
    for (const end of streams) end();
    await Promise.all(waiting);
  };
  return { routes, authenticator, sessions, close };
}

/** The TCP peer's address (the reverse proxy's, behind one). */
function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
