/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { Site } from '../sites/site-store.js';
import { CsrfField, Layout, type Viewer, When } from './layout.js';
import { ChartAssets, TelemetryCharts } from './telemetry-charts.js';

interface Telemetry {
  pbx?: { vendor?: string; model?: string; release?: string; snmp?: boolean; sip?: boolean };
  stations?: { connected: number; monitored: number; unmonitored: number };
  sipRttMs?: number;
  eligibility?: { rule: string; ok: boolean; message: string }[];
}

/**
 * The login form (its own pre-session CSRF token) with an optional error.
 * @example
 * c.html(<LoginPage csrf={token} error={null} now={Date.now()} />);
 */
export function LoginPage(p: { csrf: string; error: string | null; now: number }) {
  return (
    <Layout title="Log in" viewer={null} now={p.now}>
      <form class="login" method="post" action="/login">
        <h1>pbxwatch NOC</h1>
        {p.error && (
          <p class="flash" role="alert">
            {p.error}
          </p>
        )}
        <CsrfField token={p.csrf} />
        <label for="username">User name</label>
        <input id="username" name="username" autocomplete="username" required autofocus />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">Log in</button>
      </form>
    </Layout>
  );
}

/**
 * All sites with status and last heartbeat.
 * @example
 * c.html(<SitesPage viewer={v} sites={s.sites.list(1000, 0).items} now={now} />);
 */
export function SitesPage(p: { viewer: Viewer; sites: Site[]; now: number }) {
  return (
    <Layout title="Sites" viewer={p.viewer} now={p.now}>
      <h1>Sites ({p.sites.length})</h1>
      {p.viewer.role === 'admin' && (
        <p>
          <a href="/sites/new">New site</a>
        </p>
      )}
      <div class="scroll">
        <table class="tickets">
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Status</th>
              <th scope="col">Last heartbeat</th>
              <th scope="col">PBX</th>
            </tr>
          </thead>
          <tbody>
            {p.sites.map((s) => {
              const tel = (s.lastTelemetry ?? {}) as Telemetry;
              return (
                <tr>
                  <td data-label="Site">
                    <a href={`/sites/${encodeURIComponent(s.id)}`}>{s.name}</a>{' '}
                    <span class="muted">{s.id}</span>
                  </td>
                  <td data-label="Status">
                    <Status online={s.online} />
                  </td>
                  <td data-label="Last heartbeat">
                    <When at={s.lastHeartbeatAt} local />
                  </td>
                  <td data-label="PBX">
                    {[tel.pbx?.model, tel.pbx?.release].filter(Boolean).join(' ') || '–'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

function Status(p: { online: boolean }) {
  return p.online ? <span class="online">● online</span> : <span class="offline">○ offline</span>;
}

/**
 * One site: status, heartbeat, PBX model and release with eligibility, stations, SIP RTT, and
 * charts of stations and SIP RTT over the last 24 h or 7 days.
 * @example
 * c.html(<SitePage viewer={v} site={site} customer="Acme" now={now} />);
 */
export function SitePage(p: { viewer: Viewer; site: Site; customer: string | null; now: number }) {
  const s = p.site;
  const tel = (s.lastTelemetry ?? {}) as Telemetry;
  return (
    <Layout title={s.name} viewer={p.viewer} now={p.now} head={<ChartAssets />}>
      <h1>{s.name}</h1>
      <dl class="facts">
        <dt>Id</dt>
        <dd>{s.id}</dd>
        <dt>Customer</dt>
        <dd>{p.customer ?? '–'}</dd>
        <dt>Status</dt>
        <dd>
          <Status online={s.online} />
        </dd>
        <dt>Last heartbeat</dt>
        <dd>
          <When at={s.lastHeartbeatAt} zone={s.timeZone} />
        </dd>
        <dt>Agent</dt>
        <dd>{s.agentVersion ?? '–'}</dd>
        <dt>Plan</dt>
        <dd>{s.planKey ?? '–'}</dd>
        <dt>PBX</dt>
        <dd>
          {[tel.pbx?.vendor, tel.pbx?.model, tel.pbx?.release].filter(Boolean).join(' · ') || '–'}
          {tel.pbx && ` (SNMP ${tel.pbx.snmp ? 'up' : 'down'}, SIP ${tel.pbx.sip ? 'up' : 'down'})`}
        </dd>
        <dt>Stations</dt>
        <dd>
          {tel.stations
            ? `${tel.stations.connected} connected, ${tel.stations.monitored} monitored, ${tel.stations.unmonitored} unmonitored`
            : '–'}
        </dd>
        <dt>SIP RTT</dt>
        <dd>{tel.sipRttMs === undefined ? '–' : `${tel.sipRttMs} ms`}</dd>
      </dl>
      <TelemetryCharts siteId={s.id} />
      <h2>Eligibility</h2>
      {tel.eligibility?.length ? (
        <ul>
          {tel.eligibility.map((e) => (
            <li>
              <span class={e.ok ? 'online' : 'offline'}>{e.ok ? 'OK' : 'NOT eligible'}</span> {e.rule}:{' '}
              {e.message}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No eligibility report from the agent yet.</p>
      )}
    </Layout>
  );
}

/**
 * Links to the report endpoints (CSV and JSON) over a chosen period.
 * @example
 * c.html(<ReportsPage viewer={v} now={now} />);
 */
export function ReportsPage(p: { viewer: Viewer; now: number }) {
  // The report API takes ISO 8601 instants: the last 30 whole UTC days up to today's midnight.
  const day = 86_400_000;
  const to = new Date(Math.floor(p.now / day) * day + day).toISOString();
  const from = new Date(Date.parse(to) - 30 * day).toISOString();
  const q = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  return (
    <Layout title="Reports" viewer={p.viewer} now={p.now}>
      <h1>Reports (last 30 days)</h1>
      <ul>
        <li>
          SLA attainment: <a href={`/api/v1/reports/attainment?${q}&format=csv`}>CSV</a> ·{' '}
          <a href={`/api/v1/reports/attainment?${q}&format=json`}>JSON</a>
        </li>
        <li>
          Availability: <a href={`/api/v1/reports/availability?${q}&format=csv`}>CSV</a> ·{' '}
          <a href={`/api/v1/reports/availability?${q}&format=json`}>JSON</a>
        </li>
      </ul>
      <p class="muted">
        The report endpoints accept your session (or an API token) and take <code>from</code>, <code>to</code>
        , <code>customer</code> or <code>site</code>.
      </p>
    </Layout>
  );
}
