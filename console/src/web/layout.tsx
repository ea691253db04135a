/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { ObjectiveView } from '../tickets/ticket-queries.js';

/**
 * What every page knows about the viewer.
 * @example
 * const v: Viewer = { username: 'alice', role: 'noc', csrf: session.csrf };
 */
export interface Viewer {
  username: string;
  role: string;
  csrf: string;
}

/**
 * The page shell: header with navigation and logout, the stylesheet and the client script.
 * `now` (server time) lets the client tick countdowns against the server's clock, not its own.
 * `head` adds a page's own stylesheets and scripts.
 * @example
 * c.html(<Layout title="Dashboard" viewer={v} now={Date.now()}><p>…</p></Layout>);
 */
export function Layout(p: {
  title: string;
  viewer: Viewer | null;
  now: number;
  head?: Child;
  children?: Child;
}) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="dark" />
        <title>{`${p.title} · pbxwatch`}</title>
        <link rel="stylesheet" href="/ui/app.css" />
        <script src="/ui/app.js" defer></script>
        {p.head}
      </head>
      <body data-now={String(p.now)}>
        {p.viewer && (
          <header class="top">
            <a class="brand" href="/">
              pbxwatch
            </a>
            <nav aria-label="Main">
              <a href="/">Dashboard</a>
              <a href="/sites">Sites</a>
              <a href="/reports">Reports</a>
            </nav>
            <div class="who">
              <span>
                {p.viewer.username} ({p.viewer.role})
              </span>
              <form class="inline" method="post" action="/logout">
                <CsrfField token={p.viewer.csrf} />
                <button class="link" type="submit">
                  Log out
                </button>
              </form>
            </div>
          </header>
        )}
        <main>{p.children}</main>
      </body>
    </html>
  );
}

/**
 * The hidden CSRF field every form carries.
 * @example
 * <form method="post"><CsrfField token={viewer.csrf} />…</form>
 */
export function CsrfField(p: { token: string }) {
  return <input type="hidden" name="_csrf" value={p.token} />;
}

/**
 * The state of an objective as words (colour is only a second cue).
 * @example
 * objectiveWord({ state: 'running', warning: true } as ObjectiveView); // 'warning'
 */
export function objectiveWord(o: Pick<ObjectiveView, 'state' | 'warning'>): string {
  return o.state === 'running' && o.warning ? 'warning' : o.state;
}

/**
 * One objective with its state word and a live countdown (`data-due`, `data-warn-at` for the script).
 * @example
 * <Objective name="response" o={ticket.sla.response} warnAt={0.75} />
 */
export function Objective(p: { name: string; o: ObjectiveView; warnAt: number }) {
  const word = objectiveWord(p.o);
  const due = p.o.dueAt;
  const warnInstant = due === null ? 0 : due - p.o.targetSeconds * (1 - p.warnAt) * 1000;
  return (
    <span
      class="obj"
      data-due={due === null ? undefined : String(due)}
      data-warn-at={String(Math.round(warnInstant))}
      data-state={word}
    >
      {p.name}: <span class={`st st-${word}`}>{word}</span> <span class="cd">{countdownText(p.o)}</span>
    </span>
  );
}

/**
 * The server-side countdown text (the client script keeps it ticking).
 * @example
 * countdownText({ state: 'running', remainingSeconds: 90 } as ObjectiveView); // '1m 30s left'
 */
export function countdownText(o: Pick<ObjectiveView, 'state' | 'remainingSeconds'>): string {
  if (o.state === 'met') return '';
  if (o.state === 'breached') return `overdue ${duration(-o.remainingSeconds)}`;
  return `${duration(o.remainingSeconds)} left`;
}

/**
 * A compact duration like `1h 05m 09s`.
 * @example
 * duration(3909); // '1h 05m 09s'
 */
export function duration(seconds: number): string {
  const s = Math.abs(Math.trunc(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const x = s % 60;
  return `${h ? `${h}h ` : ''}${String(m).padStart(h ? 2 : 1, '0')}m ${String(x).padStart(2, '0')}s`;
}

/**
 * An instant as `<time>`: text in `zone` (server-side Intl), re-formatted in the viewer's zone by the
 * client script when `local` is set.
 * @example
 * <When at={t.detectedAt} zone="America/Chicago" />
 */
export function When(p: { at: number | null; zone?: string; local?: boolean }) {
  if (p.at === null) return <span class="muted">–</span>;
  const d = new Date(p.at);
  return (
    <time datetime={d.toISOString()} data-local={p.local ? '' : undefined}>
      {formatIn(d, p.zone ?? 'UTC')}
    </time>
  );
}

/**
 * Formats an instant in an IANA zone (invalid zone → UTC).
 * @example
 * formatIn(new Date(0), 'UTC'); // 'Jan 1, 1970, 12:00:00 AM UTC'
 */
export function formatIn(d: Date, zone: string): string {
  const opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'medium' };
  try {
    return `${new Intl.DateTimeFormat('en-US', { ...opts, timeZone: zone }).format(d)} ${zone}`;
  } catch {
    return `${new Intl.DateTimeFormat('en-US', { ...opts, timeZone: 'UTC' }).format(d)} UTC`;
  }
}
