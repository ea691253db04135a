/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { TicketNotice } from '../notices/index.js';
import type { Site } from '../sites/site-store.js';
import type { TicketDetail } from '../tickets/ticket-queries.js';
import { CsrfField, Layout, Objective, type Viewer, When } from './layout.js';

/**
 * Everything the ticket page shows.
 * @example
 * const p: TicketPageData = { ticket: s.ticketQueries.get(7), site, customer: 'Acme', notices: listTicketNotices(s.db, 7), now };
 */
export interface TicketPageData {
  ticket: TicketDetail;
  site: Site | null;
  customer: string | null;
  notices: TicketNotice[];
  now: number;
}

/**
 * A ticket page: the flash of the last action, and the live part ({@link TicketLive}) in a region
 * the client script re-fetches when the event stream names this ticket.
 * @example
 * c.html(<TicketPage viewer={v} data={data} warnAt={0.75} flash={null} />);
 */
export function TicketPage(p: {
  viewer: Viewer;
  data: TicketPageData;
  warnAt: number;
  flash: { ok: boolean; text: string } | null;
}) {
  const t = p.data.ticket;
  return (
    <Layout title={`Ticket #${t.id}`} viewer={p.viewer} now={p.data.now}>
      {p.flash && (
        <p class={p.flash.ok ? 'flash ok' : 'flash'} role="status">
          {p.flash.text}
        </p>
      )}
      <p id="live-held" class="flash ok" role="status" hidden>
        This ticket has changed while you were filling in a form: the page updates once you send it or leave
        it empty.
      </p>
      <section id="live" data-fragment={`/ui/fragments/tickets/${t.id}`} data-ticket={String(t.id)}>
        <TicketLive viewer={p.viewer} data={p.data} warnAt={p.warnAt} />
      </section>
    </Layout>
  );
}

/**
 * What changes on a ticket page as the ticket moves: title, facts, objectives (site zone and
 * viewer zone), the actions its state allows, timeline, notices. One root element, as the
 * fragment swap expects; `data-now` lets the client re-sync its countdown clock.
 * @example
 * c.html(<TicketLive viewer={v} data={data} warnAt={0.75} />);
 */
export function TicketLive(p: { viewer: Viewer; data: TicketPageData; warnAt: number }) {
  const { ticket: t, site } = p.data;
  const zone = site?.timeZone ?? 'UTC';
  const canAct = p.viewer.role !== 'readonly';
  const live = t.state !== 'closed';
  const action = (name: string) => `/tickets/${t.id}/${name}`;
  return (
    <div data-now={String(p.data.now)}>
      <h1>
        <span class={`prio prio-${t.priority}`}>{t.priority}</span> Ticket #{t.id}: {t.summary}
      </h1>
      <dl class="facts">
        <dt>Site</dt>
        <dd>
          <a href={`/sites/${encodeURIComponent(t.siteId)}`}>{site?.name ?? t.siteId}</a>{' '}
          <span class="muted">({zone})</span>
        </dd>
        <dt>Customer</dt>
        <dd>{p.data.customer ?? '–'}</dd>
        <dt>Condition</dt>
        <dd>{t.condition}</dd>
        <dt>State</dt>
        <dd>
          {t.state}
          {t.paused ? ' (clocks paused)' : ''}
        </dd>
        <dt>Detected</dt>
        <dd>
          <When at={t.detectedAt} zone={zone} />
          {t.timeCorrected ? ` (agent clock corrected by ${t.clockOffsetMs ?? 0} ms)` : ''}
        </dd>
        <dt>Acknowledged</dt>
        <dd>
          <When at={t.acknowledgedAt} zone={zone} /> {t.acknowledgedBy ?? ''}
        </dd>
      </dl>

      <h2>Objectives</h2>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Objective</th>
              <th scope="col">Due (site: {zone})</th>
              <th scope="col">Due (your time)</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(t.sla).map(([name, o]) => (
              <tr data-objective={name}>
                <td>
                  <Objective name={name} o={o} warnAt={p.warnAt} />
                </td>
                <td>
                  <When at={o.dueAt} zone={zone} />
                </td>
                <td>
                  <When at={o.dueAt} local />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {canAct && live && (
        <>
          <h2>Actions</h2>
          <div class="actions">
            {t.acknowledgedAt === null && (
              <form method="post" action={action('acknowledge')}>
                <CsrfField token={p.viewer.csrf} />
                <button type="submit">Acknowledge</button>
              </form>
            )}
            {t.paused ? (
              <form method="post" action={action('resume')}>
                <CsrfField token={p.viewer.csrf} />
                <button type="submit">Resume clocks</button>
              </form>
            ) : (
              <form method="post" action={action('pause')}>
                <CsrfField token={p.viewer.csrf} />
                <label for="pause-reason">Pause reason</label>
                <select id="pause-reason" name="reason">
                  <option value="customer-access">Waiting for customer access</option>
                  <option value="customer-request">Customer request</option>
                  <option value="other">Other</option>
                </select>
                <label for="pause-note">Note</label>
                <input id="pause-note" name="note" maxlength={2000} />
                <button type="submit">Pause clocks</button>
              </form>
            )}
            <form method="post" action={action('resolve')}>
              <CsrfField token={p.viewer.csrf} />
              <label for="resolve-note">Resolution note</label>
              <input id="resolve-note" name="note" maxlength={2000} />
              <button class="danger" type="submit">
                Resolve
              </button>
            </form>
            <form method="post" action={action('note')}>
              <CsrfField token={p.viewer.csrf} />
              <label for="note-text">Note</label>
              <textarea id="note-text" name="text" rows={2} required maxlength={4000}></textarea>
              <button type="submit">Add note</button>
            </form>
          </div>
        </>
      )}

      <h2>Timeline</h2>
      <ol>
        {t.timeline.map((e) => (
          <li>
            <When at={e.at} zone={zone} /> <strong>{e.type}</strong> by {e.actor}
            {e.data && typeof e.data.text === 'string' ? `: ${e.data.text}` : ''}
            {e.data && typeof e.data.note === 'string' ? ` (${e.data.note})` : ''}
          </li>
        ))}
      </ol>

      <h2>Notices</h2>
      {p.data.notices.length === 0 ? (
        <p class="muted">No notices for this ticket.</p>
      ) : (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col">To</th>
                <th scope="col">Channel</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Sent</th>
              </tr>
            </thead>
            <tbody>
              {p.data.notices.map((n) => (
                <tr>
                  <td>{n.stage}</td>
                  <td>
                    {n.recipientName} <span class="muted">{n.address}</span>
                  </td>
                  <td>{n.channel}</td>
                  <td>
                    {n.status}
                    {n.lastError ? ` (${n.lastError})` : ''}
                  </td>
                  <td>{n.attempts}</td>
                  <td>
                    <When at={n.sentAt} zone={zone} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
