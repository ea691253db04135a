/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { DashboardData } from './dashboard-data.js';
import { Layout, Objective, type Viewer, When } from './layout.js';

/**
 * The live part of the dashboard (also served alone at `/ui/fragments/tickets` for swaps).
 * @example
 * c.html(<TicketsFragment d={loadDashboard(s, 200)} warnAt={0.75} />);
 */
export function TicketsFragment(p: { d: DashboardData; warnAt: number }) {
  const { d } = p;
  const rest = d.total - d.tickets.length;
  return (
    <div data-now={String(d.now)}>
      <h2 id="counts-h">Open tickets: {d.total}</h2>
      <ul class="counts" aria-labelledby="counts-h">
        {Object.entries(d.counts).map(([prio, n]) => (
          <li>
            <span class={`prio prio-${prio}`}>{prio}</span> {n}
          </li>
        ))}
        <li>
          Sites offline: <span class={d.offline.length ? 'offline' : 'online'}>{d.offline.length}</span>
        </li>
      </ul>
      {d.tickets.length === 0 ? (
        <p class="muted">No open tickets.</p>
      ) : (
        <div class="scroll">
          <table class="tickets">
            <caption class="muted" style="text-align:left">
              Soonest due first
            </caption>
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Prio</th>
                <th scope="col">Site</th>
                <th scope="col">Customer</th>
                <th scope="col">Condition</th>
                <th scope="col">State</th>
                <th scope="col">Objectives</th>
              </tr>
            </thead>
            <tbody>
              {d.tickets.map((t) => {
                const site = d.sites.get(t.siteId);
                const customer = site?.customerId == null ? null : d.customers.get(site.customerId);
                return (
                  <tr data-ticket={String(t.id)}>
                    <td data-label="Ticket">
                      <a href={`/tickets/${t.id}`}>#{t.id}</a>
                    </td>
                    <td data-label="Prio">
                      <span class={`prio prio-${t.priority}`}>{t.priority}</span>
                    </td>
                    <td data-label="Site">
                      <a href={`/sites/${encodeURIComponent(t.siteId)}`}>{site?.name ?? t.siteId}</a>
                    </td>
                    <td data-label="Customer">{customer ?? <span class="muted">–</span>}</td>
                    <td data-label="Condition">{t.condition}</td>
                    <td data-label="State">
                      {t.state}
                      {t.paused ? ' (paused)' : ''}
                    </td>
                    <td data-label="Objectives">
                      {Object.entries(t.sla).map(([name, o]) => (
                        <Objective name={name} o={o} warnAt={p.warnAt} />
                      ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {rest > 0 && <p class="muted">…and {rest} more open tickets not shown (later due).</p>}
      {d.offline.length > 0 && (
        <>
          <h2>Sites offline</h2>
          <ul>
            {d.offline.slice(0, 100).map((s) => (
              <li>
                <a href={`/sites/${encodeURIComponent(s.id)}`}>{s.name}</a>{' '}
                <span class="muted">
                  last heard <When at={s.lastSeenAt} local />
                </span>
              </li>
            ))}
          </ul>
          {d.offline.length > 100 && <p class="muted">…and {d.offline.length - 100} more.</p>}
        </>
      )}
    </div>
  );
}

/**
 * The dashboard page: the fragment inside a container the client script refreshes on events.
 * @example
 * c.html(<DashboardPage viewer={v} d={d} warnAt={0.75} />);
 */
export function DashboardPage(p: { viewer: Viewer; d: DashboardData; warnAt: number }) {
  return (
    <Layout title="Dashboard" viewer={p.viewer} now={p.d.now}>
      <h1>NOC dashboard</h1>
      <section id="live" data-fragment="/ui/fragments/tickets" aria-live="polite">
        <TicketsFragment d={p.d} warnAt={p.warnAt} />
      </section>
    </Layout>
  );
}
