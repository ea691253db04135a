/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { siteIdSchema } from '@pbxwatch/core';
import type { Context, Hono } from 'hono';
import { roleAllows } from '../auth/roles.js';
import type { ConsoleServices } from '../services.js';
import { CsrfField, Layout, type Viewer } from './layout.js';
import type { WebSession } from './session-store.js';

/**
 * Fields of the create-site form as typed (kept to refill the form after an error).
 * @example
 * const v: SiteFormValues = { id: 'acme-hq', name: 'Acme HQ', customerId: '', planKey: 'roi-priority', timeZone: 'UTC' };
 */
export interface SiteFormValues {
  id: string;
  name: string;
  customerId: string;
  planKey: string;
  timeZone: string;
}

function NewSitePage(p: {
  viewer: Viewer;
  now: number;
  values: SiteFormValues;
  error: string | null;
  customers: { id: number; name: string }[];
  plans: string[];
}) {
  const v = p.values;
  return (
    <Layout title="New site" viewer={p.viewer} now={p.now}>
      <h1>New site</h1>
      {p.error && (
        <p class="flash" role="alert">
          {p.error}
        </p>
      )}
      <form method="post" action="/sites/new" style="max-width:520px">
        <CsrfField token={p.viewer.csrf} />
        <label for="site-id">Site id (a-z, 0-9, "-"; also its MQTT user name)</label>
        <input id="site-id" name="id" required value={v.id} />
        <label for="site-name">Name</label>
        <input id="site-name" name="name" required value={v.name} />
        <label for="site-customer">Customer</label>
        <select id="site-customer" name="customerId">
          <option value="">(none)</option>
          {p.customers.map((c) => (
            <option value={String(c.id)} selected={v.customerId === String(c.id)}>
              {c.name}
            </option>
          ))}
        </select>
        <label for="site-plan">SLA plan</label>
        <select id="site-plan" name="planKey">
          {p.plans.map((k) => (
            <option value={k} selected={v.planKey === k}>
              {k}
            </option>
          ))}
        </select>
        <label for="site-tz">Time zone (IANA, e.g. America/Chicago)</label>
        <input id="site-tz" name="timeZone" required value={v.timeZone} />
        <button type="submit">Create site</button>
      </form>
    </Layout>
  );
}

function SiteCreatedPage(p: {
  viewer: Viewer;
  now: number;
  id: string;
  name: string;
  secret: string;
  host: string;
}) {
  const snippet = [
    'site:',
    `  id: ${p.id}`,
    `  name: ${JSON.stringify(p.name)}`,
    'broker:',
    `  url: mqtts://${p.host}:8883`,
    `  username: ${p.id}`,
    '  password: { env: PBXWATCH_BROKER_PASSWORD }',
  ].join('\n');
  return (
    <Layout title="Site created" viewer={p.viewer} now={p.now}>
      <h1>Site {p.name} created</h1>
      <p class="flash ok" role="status">
        Copy the MQTT secret now: it is shown only once (only its hash is stored).
      </p>
      <label for="secret">MQTT secret (PBXWATCH_BROKER_PASSWORD on the agent host)</label>
      <input id="secret" readonly value={p.secret} />
      <h2>Agent configuration (start of agent.yaml)</h2>
      <pre style="background:#0f141a;border:1px solid #4a5868;padding:.8rem;overflow-x:auto">{snippet}</pre>
      <p>
        <a href={`/sites/${encodeURIComponent(p.id)}`}>Open the site</a>
      </p>
    </Layout>
  );
}

/**
 * Mounts `GET/POST /sites/new` (admin): the form, then the new site's secret and agent snippet once.
 * @example
 * registerSiteForm(root, services, (c) => sessions.get(getCookie(c, 'pbxw_session')), Date.now);
 */
export function registerSiteForm(
  root: Hono,
  s: ConsoleServices,
  session: (c: Context) => WebSession | null,
  now: () => number,
): void {
  const admin = (c: Context) => {
    const ses = session(c);
    if (!ses) return c.redirect('/login', 303);
    if (!roleAllows(ses.role, 'admin')) return c.text('admin role required', 403);
    return ses;
  };
  const page = (c: Context, ses: WebSession, values: SiteFormValues, error: string | null) =>
    c.html(
      <NewSitePage
        viewer={{ username: ses.username, role: ses.role, csrf: ses.csrf }}
        now={now()}
        values={values}
        error={error}
        customers={s.customers.list(10_000, 0).items}
        plans={s.plans.list().map((p) => p.key)}
      />,
      error ? 400 : 200,
    );
  root.get('/sites/new', (c) => {
    const ses = admin(c);
    if (ses instanceof Response) return ses;
    return page(c, ses, { id: '', name: '', customerId: '', planKey: '', timeZone: 'UTC' }, null);
  });
  root.post('/sites/new', async (c) => {
    const ses = admin(c);
    if (ses instanceof Response) return ses;
    const f = await c.req.parseBody();
    const str = (k: string) => (typeof f[k] === 'string' ? (f[k] as string).trim() : '');
    const v: SiteFormValues = {
      id: str('id'),
      name: str('name'),
      customerId: str('customerId'),
      planKey: str('planKey'),
      timeZone: str('timeZone'),
    };
    const idCheck = siteIdSchema.safeParse(v.id);
    if (!idCheck.success) return page(c, ses, v, idCheck.error.issues[0]?.message ?? 'invalid site id');
    if (!v.name) return page(c, ses, v, 'name: required');
    try {
      new Intl.DateTimeFormat('en', { timeZone: v.timeZone });
    } catch {
      return page(c, ses, v, `timeZone: unknown zone ${JSON.stringify(v.timeZone)}`);
    }
    try {
      const { site, mqttSecret } = s.sites.create({
        id: v.id,
        name: v.name,
        customerId: v.customerId ? Number(v.customerId) : null,
        planKey: v.planKey || null,
        timeZone: v.timeZone,
      });
      c.header('cache-control', 'no-store');
      const host = (c.req.header('host') ?? 'console.example.net').replace(/:\d+$/, '');
      return c.html(
        <SiteCreatedPage
          viewer={{ username: ses.username, role: ses.role, csrf: ses.csrf }}
          now={now()}
          id={site.id}
          name={site.name}
          secret={mqttSecret}
          host={host}
        />,
      );
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      return page(c, ses, v, err.message);
    }
  });
}
