/**
 * Styles of the site page's charts: uPlot's own stylesheet is theme-neutral, so axes, grid and
 * series colours come from the script's options (the theme's variables), and these rules only
 * lay out the panel, the range switch and the captions.
 * @example
 * app.get('/ui/site-charts.css', (c) => c.body(SITE_CHARTS_CSS, 200, { 'content-type': 'text/css' }));
 */
export const SITE_CHARTS_CSS = `
.charts{margin:1.2rem 0}.charts .head{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:0 0 .5rem}.charts h2{margin:0}
.range{display:inline-flex;margin:0;padding:0;border:1px solid #4a5868;border-radius:6px;overflow:hidden}
.range legend{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
.range button{margin:0;border-radius:0;background:#0f141a;color:var(--fg);font-weight:600;padding:.3rem .8rem}
.range button[aria-pressed="true"]{background:var(--link);color:#000}
figure.chart{margin:0 0 1rem;background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.6rem .6rem .2rem}
figure.chart figcaption{margin:0 0 .4rem}figure.chart .summary{display:block;color:var(--dim);font-size:.9rem;font-variant-numeric:tabular-nums}
figure.chart .plot{min-height:1rem;width:100%}figure.chart .uplot{width:100%}figure.chart .empty{margin:.6rem 0 .8rem}
.u-legend{color:var(--fg);font-size:.9rem}.u-legend th{text-transform:none;letter-spacing:normal;font-size:.9rem;color:var(--fg);border:0}
.u-legend td{border:0}.u-legend table,.u-legend{background:none}.u-legend .u-value{font-variant-numeric:tabular-nums}`;

/**
 * The site page's chart script (after uPlot's): fetches `[data-telemetry]?range=…` with the
 * session, draws stations connected / lowest connected / monitored and the SIP round trip (mean
 * and highest) per bucket, in the viewer's zone; a bucket without polls is a gap. The 24 h / 7 d
 * buttons refetch. Each figure gets a text alternative (latest value and the range's low and
 * high) as its caption and as the plot's label, or "No telemetry in this period". It marks its
 * state in data attributes (`data-state`, `data-range`; per figure `data-points`, `data-drawn`).
 * @example
 * app.get('/ui/site-charts.js', (c) => c.body(SITE_CHARTS_JS, 200, { 'content-type': 'text/javascript' }));
 */
export const SITE_CHARTS_JS = `(() => {
  'use strict';
  const root = document.querySelector('[data-telemetry]');
  if (!root || !window.uPlot) return;
  const css = getComputedStyle(document.documentElement);
  const v = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  const C = { fg: v('--dim', '#a9b4c0'), grid: v('--line', '#2d3845'), ok: v('--ok', '#5fe08a'),
    link: v('--link', '#8cc8ff'), warn: v('--warn', '#ffc857'), bad: v('--bad', '#ff6b6b') };
  const when = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  const EMPTY = 'No telemetry in this period';
  const status = root.querySelector('[role=status]');
  const plots = [];
  let range = root.getAttribute('data-range') || '24h', seq = 0;
  const fmtMs = (x) => (Math.round(x * 10) / 10) + ' ms';
  const charts = [
    { name: 'stations', unit: '',
      series: [
        { key: 'connected', label: 'Connected', stroke: C.ok, width: 2 },
        { key: 'connectedMin', label: 'Lowest connected', stroke: C.warn, width: 1, dash: [4, 4] },
        { key: 'monitored', label: 'Monitored', stroke: C.link, width: 1.5 },
      ],
      summary: (p, lo, hi, at) => 'Latest ' + p.connected + ' of ' + p.monitored + ' stations connected' +
        (p.ratio === null ? '' : ' (' + Math.round(p.ratio * 100) + '%)') + ' at ' + at +
        '; lowest ' + lo + ', highest ' + hi + ' connected in this period.',
      low: (p) => p.connectedMin, high: (p) => p.connected, latest: (p) => p.connected },
    { name: 'rtt', unit: ' ms',
      series: [
        { key: 'sipRttMs', label: 'SIP round trip (mean)', stroke: C.link, width: 2 },
        { key: 'sipRttMaxMs', label: 'Highest', stroke: C.bad, width: 1, dash: [4, 4] },
      ],
      summary: (p, lo, hi, at) => 'Latest SIP round trip ' + fmtMs(p.sipRttMs) + ' at ' + at +
        '; lowest ' + fmtMs(lo) + ', highest ' + fmtMs(hi) + ' in this period.',
      low: (p) => p.sipRttMs, high: (p) => p.sipRttMaxMs, latest: (p) => p.sipRttMs },
  ];
  // A value with no neighbour draws no line: mark it with a dot so a lone poll still shows.
  const lonely = (ys) => ys.flatMap((y, i) => (y !== null && ys[i - 1] == null && ys[i + 1] == null ? [i] : []));
  const draw = (fig, chart, body) => {
    const plot = fig.querySelector('.plot'), summary = fig.querySelector('.summary');
    const pts = body.points.filter((p) => chart.latest(p) !== null);
    fig.setAttribute('data-points', String(pts.length));
    fig.removeAttribute('data-drawn');
    plot.replaceChildren();
    if (!pts.length) {
      summary.textContent = '';
      plot.setAttribute('aria-label', EMPTY);
      const p = document.createElement('p'); p.className = 'muted empty'; p.textContent = EMPTY; plot.append(p);
      return;
    }
    const lows = pts.map(chart.low).filter((x) => x !== null), highs = pts.map(chart.high).filter((x) => x !== null);
    const last = pts[pts.length - 1];
    const text = chart.summary(last, Math.min(...lows), Math.max(...highs), when.format(new Date(last.at)));
    summary.textContent = text;
    plot.setAttribute('aria-label', text);
    const newest = body.points.lastIndexOf(last);
    const half = body.bucketSeconds / 2;
    const xs = body.points.map((p) => Date.parse(p.at) / 1000 + half);
    const data = [xs, ...chart.series.map((s) => body.points.map((p) => p[s.key]))];
    const u = new uPlot({
      width: Math.max(plot.clientWidth, 280), height: 220,
      scales: { x: { time: true, range: [Date.parse(body.from) / 1000, Date.parse(body.to) / 1000] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1] } },
      axes: [
        { stroke: C.fg, grid: { stroke: C.grid, width: 1 }, ticks: { stroke: C.grid, width: 1 } },
        { stroke: C.fg, grid: { stroke: C.grid, width: 1 }, ticks: { stroke: C.grid, width: 1 }, size: 56,
          values: (_u, vals) => vals.map((x) => x + chart.unit) },
      ],
      // Points sit mid-bucket; the legend names the bucket's start, as the captions do.
      series: [{ label: 'Time', value: (_u, t) => (t == null ? '–' : when.format(new Date((t - half) * 1000))) },
        ...chart.series.map((s, i) => ({ label: s.label, stroke: s.stroke, width: s.width, dash: s.dash,
          spanGaps: false, value: (_u, y) => (y == null ? '–' : y + chart.unit),
          points: { show: true, size: 5, fill: s.stroke, filter: lonely(data[i + 1]) } }))],
      hooks: { draw: [() => fig.setAttribute('data-drawn', String(pts.length))],
        // Until the pointer is over the plot, the legend reads the newest bucket with data.
        ready: [(self) => self.setLegend({ idx: newest })] },
    }, data, plot);
    plots.push(u);
  };
  const load = async () => {
    const mine = ++seq;
    root.setAttribute('data-state', 'loading');
    status.textContent = 'Loading telemetry…';
    for (const b of root.querySelectorAll('button[data-range]')) b.setAttribute('aria-pressed', String(b.getAttribute('data-range') === range));
    try {
      const r = await fetch(root.getAttribute('data-telemetry') + '?range=' + encodeURIComponent(range), { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (r.status === 401) { location.href = '/login'; return; }
      if (!r.ok) throw new Error('HTTP ' + r.status);
      const body = await r.json();
      if (mine !== seq) return; // a later switch won
      while (plots.length) plots.pop().destroy();
      charts.forEach((chart) => draw(root.querySelector('[data-chart="' + chart.name + '"]'), chart, body));
      root.setAttribute('data-range', body.range);
      root.setAttribute('data-state', body.points.some((p) => p.samples > 0) ? 'ready' : 'empty');
      status.textContent = ''; // each figure says what it has, or that it has nothing
    } catch (e) {
      if (mine !== seq) return;
      root.setAttribute('data-state', 'error');
      status.textContent = 'Could not load telemetry (' + e.message + ').';
    }
  };
  root.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-range]');
    if (!b || b.getAttribute('data-range') === range) return;
    range = b.getAttribute('data-range');
    load();
  });
  let width = 0;
  new ResizeObserver(() => {
    const w = root.clientWidth; if (w === width) return; width = w;
    for (const u of plots) u.setSize({ width: Math.max(u.root.parentElement.clientWidth, 280), height: 220 });
  }).observe(root);
  load();
  // New polls land every few minutes; the smallest bucket is 5 minutes.
  setInterval(load, 300000);
})();`;
