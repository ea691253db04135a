import type { Migration } from '../migration.js';

/**
 * Telemetry history for the site page's charts: per site, one row per 5-minute bucket (kept a day)
 * and one per hour (kept a week), each updated in place by every poll that falls in it. Storing
 * the two resolutions the charts show, rather than minutes, keeps 10,000 sites at ~4.6 M rows
 * instead of ~100 M, and a chart is a plain range read on the primary key. WITHOUT ROWID clusters
 * a site's buckets together; the (span_ms, bucket) index lets pruning drop old buckets of every
 * site without a scan.
 * @example
 * applyMigrations(db, [init, ticketListIndex, siteTelemetry]);
 */
export const siteTelemetry: Migration = {
  id: 3,
  name: 'site-telemetry',
  up: `
CREATE TABLE site_telemetry (
  site_id TEXT NOT NULL REFERENCES sites(id),
  span_ms INTEGER NOT NULL,        -- bucket length: 300000 or 3600000
  bucket INTEGER NOT NULL,         -- bucket start, epoch ms (console time)
  samples INTEGER NOT NULL,        -- telemetry messages in the bucket
  last_at INTEGER NOT NULL,        -- instant of the newest of them
  connected INTEGER,               -- newest station counts known in the bucket (NULL: none reported)
  monitored INTEGER,
  connected_min INTEGER,
  ratio_min REAL,                  -- lowest connected / monitored
  rtt_n INTEGER NOT NULL,          -- samples with a SIP round trip
  rtt_sum REAL NOT NULL,
  rtt_max REAL,
  PRIMARY KEY (site_id, span_ms, bucket)
) WITHOUT ROWID;
CREATE INDEX site_telemetry_age ON site_telemetry(span_ms, bucket);
`,
};
