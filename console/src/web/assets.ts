/**
 * The UI's stylesheet: dark, high contrast (WCAG AA on #0b0f14), large type, no web fonts; states
 * carry a word as well as a colour so that colour-blind operators read them too.
 * @example
 * app.get('/ui/app.css', (c) => c.body(UI_CSS, 200, { 'content-type': 'text/css' }));
 */
export const UI_CSS = `
:root{color-scheme:dark;--bg:#0b0f14;--panel:#151b23;--line:#2d3845;--fg:#e8edf3;--dim:#a9b4c0;
--link:#8cc8ff;--ok:#5fe08a;--warn:#ffc857;--bad:#ff6b6b;--paused:#b9a6ff;--p1:#ff6b6b;--p2:#ffa94d;--p3:#ffd43b;--p4:#8cc8ff}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--link)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid var(--warn);outline-offset:2px}
header.top{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center;padding:.6rem 1rem;background:var(--panel);border-bottom:1px solid var(--line)}
header.top .brand{font-weight:700;font-size:1.1rem;color:var(--fg);text-decoration:none}
header.top nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
header.top .who{margin-left:auto;color:var(--dim);display:flex;gap:.5rem;align-items:center}header.top .who form{display:flex;align-items:center;margin:0}header.top .who button{margin:0}
main{padding:1rem;max-width:1400px;margin:0 auto}
h1{font-size:1.4rem;margin:.2rem 0 .8rem}h2{font-size:1.15rem;margin:1.2rem 0 .5rem}
.counts{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 1rem;padding:0;list-style:none}
.counts li{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.4rem .8rem;font-weight:600}
table{width:100%;border-collapse:collapse;background:var(--panel)}
th,td{text-align:left;padding:.45rem .55rem;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--dim);font-weight:600;font-size:.85rem;text-transform:uppercase;letter-spacing:.03em}
.prio{display:inline-block;min-width:2.4em;text-align:center;font-weight:800;border-radius:4px;padding:0 .3em;color:#000}
.prio-P1{background:var(--p1)}.prio-P2{background:var(--p2)}.prio-P3{background:var(--p3)}.prio-P4{background:var(--p4)}
.obj{display:block;white-space:nowrap;font-variant-numeric:tabular-nums}
.st{font-weight:700}.st-running{color:var(--ok)}.st-warning{color:var(--warn)}.st-breached{color:var(--bad)}
.st-paused{color:var(--paused)}.st-met{color:var(--dim)}
.online{color:var(--ok);font-weight:700}.offline{color:var(--bad);font-weight:700}
.muted{color:var(--dim)}.flash{padding:.6rem .8rem;border-radius:6px;margin:0 0 1rem;border:1px solid var(--bad);color:var(--bad);background:#2a1416}
.flash.ok{border-color:var(--ok);color:var(--ok);background:#10251a}
form.inline{display:inline}
.actions{display:grid;gap:.8rem;grid-template-columns:repeat(auto-fit,minmax(240px,1fr))}
.actions form{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.7rem}
label{display:block;margin:.2rem 0;color:var(--dim)}
input,select,textarea{width:100%;font:inherit;color:var(--fg);background:#0f141a;border:1px solid #4a5868;border-radius:4px;padding:.45rem}
button{font:inherit;font-weight:700;color:#000;background:var(--link);border:0;border-radius:4px;padding:.5rem 1rem;cursor:pointer;margin-top:.4rem}
button.danger{background:var(--warn)}button.link{background:none;color:var(--link);padding:0;margin:0;text-decoration:underline}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dl.facts dt{color:var(--dim)}dl.facts dd{margin:0}
.login{max-width:360px;margin:10vh auto;background:var(--panel);padding:1.5rem;border-radius:8px;border:1px solid var(--line)}
.scroll{overflow-x:auto}
@media (max-width:700px){
 main{padding:.6rem}
 table.tickets thead{display:none}
 table.tickets tr{display:block;border-bottom:2px solid var(--line);padding:.4rem 0}
 table.tickets td{display:block;border:0;padding:.15rem .5rem}
 table.tickets td[data-label]::before{content:attr(data-label) ": ";color:var(--dim)}
}`;

/**
 * The client script: keeps the server/client clock offset from `data-now`, ticks every
 * `[data-due]` countdown each second, listens to `/ui/events` (SSE) and on a ticket event re-fetches
 * the fragment named by `data-fragment` and swaps it in (with `data-ticket`, only when the event
 * names that ticket; never while a field in it is being edited); formats `<time data-local>` in the viewer's
 * zone with Intl. No framework, no CDN.
 * @example
 * app.get('/ui/app.js', (c) => c.body(UI_JS, 200, { 'content-type': 'text/javascript' }));
 */
export const UI_JS = `(() => {
  'use strict';
  let offset = 0;
  const syncClock = (el) => { const n = Number(el && el.getAttribute('data-now')); if (n) offset = n - Date.now(); };
  syncClock(document.body);
  const fmt = (s) => { const neg = s < 0; s = Math.abs(Math.trunc(s)); const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), x = s % 60;
    const t = (h ? h + 'h ' : '') + String(m).padStart(h ? 2 : 1, '0') + 'm ' + String(x).padStart(2, '0') + 's'; return neg ? '-' + t : t; };
  const tick = () => {
    const now = Date.now() + offset;
    for (const el of document.querySelectorAll('[data-due]')) {
      const st = el.getAttribute('data-state');
      if (st !== 'running' && st !== 'warning') continue;
      const due = Number(el.getAttribute('data-due')), warnAt = Number(el.getAttribute('data-warn-at'));
      const left = (due - now) / 1000;
      const state = left <= 0 ? 'breached' : now >= warnAt ? 'warning' : 'running';
      const cd = el.querySelector('.cd'); if (cd) cd.textContent = left <= 0 ? 'overdue ' + fmt(-left) : fmt(left) + ' left';
      const w = el.querySelector('.st');
      if (w && !w.classList.contains('st-' + state)) { w.className = 'st st-' + state; w.textContent = state; }
    }
  };
  // dateStyle cannot be combined with timeZoneName, hence the explicit fields.
  let local = null;
  try { local = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit', timeZoneName: 'short' }); } catch (_) { /* keep server text */ }
  const localize = () => {
    if (!local) return;
    for (const el of document.querySelectorAll('time[data-local]')) {
      const d = new Date(el.getAttribute('datetime'));
      if (!isNaN(d)) el.textContent = local.format(d);
    }
  };
  localize(); tick(); setInterval(tick, 1000);
  const frag = document.querySelector('[data-fragment]');
  if (!frag || !window.EventSource) return;
  let pending = null, busy = false;
  // A form being filled in inside the live region (a note, a pause reason) is never swapped away:
  // the refresh waits until the field is left unchanged or the form is sent.
  const editing = () => {
    const a = document.activeElement;
    if (a && frag.contains(a) && a.matches('input, textarea, select')) return true;
    for (const el of frag.querySelectorAll('input, textarea')) if (el.type !== 'hidden' && el.value !== el.defaultValue) return true;
    for (const sel of frag.querySelectorAll('select')) {
      // With no option marked selected, the first is the default.
      const d = Array.prototype.findIndex.call(sel.options, (o) => o.defaultSelected);
      if (sel.selectedIndex !== (d < 0 ? 0 : d)) return true;
    }
    return false;
  };
  const refresh = async () => {
    pending = null; if (busy) { schedule(); return; }
    const held = document.getElementById('live-held');
    if (editing()) { if (held) held.hidden = false; pending = setTimeout(refresh, 2000); return; }
    if (held) held.hidden = true;
    busy = true;
    try {
      const r = await fetch(frag.getAttribute('data-fragment'), { credentials: 'same-origin', headers: { accept: 'text/html' } });
      if (r.status === 401) { location.href = '/login'; return; }
      if (r.ok) { const html = await r.text(); const tmp = document.createElement('div'); tmp.innerHTML = html;
        const next = tmp.firstElementChild; if (next) { frag.replaceChildren(next); syncClock(next); localize(); tick(); } }
    } catch (_) { /* next event or reconnect retries */ } finally { busy = false; }
  };
  const schedule = () => { if (!pending) pending = setTimeout(refresh, 250); };
  const only = frag.getAttribute('data-ticket');
  const es = new EventSource('/ui/events');
  es.addEventListener('ticket', (e) => {
    if (only) { try { const ids = JSON.parse(e.data).ids; if (ids && !ids.includes(Number(only))) return; } catch (_) { /* refresh */ } }
    schedule();
  });
  es.addEventListener('open', schedule);
  setInterval(schedule, 60000);
})();`;
