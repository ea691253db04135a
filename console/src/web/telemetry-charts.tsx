/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */

/**
 * The stylesheets and scripts the charts need, for the page's `<head>` (uPlot first: the chart
 * script uses it; all deferred, so they run in order after the document).
 * @example
 * <Layout title={site.name} viewer={v} now={now} head={<ChartAssets />}>…</Layout>
 */
export function ChartAssets() {
  return (
    <>
      <link rel="stylesheet" href="/ui/uplot.min.css" />
      <link rel="stylesheet" href="/ui/site-charts.css" />
      <script src="/ui/uplot.min.js" defer></script>
      <script src="/ui/site-charts.js" defer></script>
    </>
  );
}

/**
 * The site page's telemetry panel: a 24 h / 7 d switch and two figures (stations; SIP round trip)
 * that /ui/site-charts.js fills from the site's telemetry API. Without JavaScript it says where
 * the data is.
 * @example
 * <TelemetryCharts siteId="acme-hq" />
 */
export function TelemetryCharts(p: { siteId: string }) {
  const api = `/api/v1/sites/${encodeURIComponent(p.siteId)}/telemetry`;
  return (
    <section class="charts" data-telemetry={api} data-range="24h" aria-labelledby="charts-h">
      <div class="head">
        <h2 id="charts-h">Connectivity</h2>
        <fieldset class="range">
          <legend>Period</legend>
          <button type="button" data-range="24h" aria-pressed="true">
            24 h
          </button>
          <button type="button" data-range="7d" aria-pressed="false">
            7 days
          </button>
        </fieldset>
      </div>
      <p class="muted" role="status">
        Loading telemetry…
      </p>
      <noscript>
        <p class="muted">
          The charts need JavaScript; the data is at <a href={`${api}?range=24h`}>{api}</a>.
        </p>
      </noscript>
      <figure class="chart" data-chart="stations">
        <figcaption>
          Stations connected and monitored <span class="summary"></span>
        </figcaption>
        <div class="plot" role="img" aria-label="Stations chart, loading"></div>
      </figure>
      <figure class="chart" data-chart="rtt">
        <figcaption>
          SIP round trip (ms) <span class="summary"></span>
        </figcaption>
        <div class="plot" role="img" aria-label="SIP round trip chart, loading"></div>
      </figure>
    </section>
  );
}
