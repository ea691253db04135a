import type { Migration } from '../migration.js';

/**
 * The console's base schema. Times are epoch milliseconds (INTEGER); JSON columns are TEXT.
 * @example
 * applyMigrations(db, [init]);
 */
export const init: Migration = {
  id: 1,
  name: 'init',
  up: `
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  email TEXT,
  created_at INTEGER NOT NULL
);

-- A plan is a preset (definition from core) or a custom plan; every definition a ticket used is a
-- row here, never updated, so that a changed plan does not rewrite history.
CREATE TABLE plans (
  key TEXT PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('preset', 'custom')),
  current_version INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE plan_versions (
  id INTEGER PRIMARY KEY,
  plan_key TEXT NOT NULL REFERENCES plans(key),
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (plan_key, version)
);

CREATE TABLE sites (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  customer_id INTEGER REFERENCES customers(id),
  plan_key TEXT,
  time_zone TEXT NOT NULL,
  mqtt_secret_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  online INTEGER NOT NULL DEFAULT 0,
  boot_id TEXT,
  last_seen_at INTEGER,
  last_heartbeat_at INTEGER,
  heartbeat_interval_ms INTEGER,
  clock_offset_ms INTEGER,
  agent_version TEXT,
  last_telemetry TEXT
);

CREATE TABLE events (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id),
  condition TEXT NOT NULL,
  change TEXT NOT NULL,
  priority TEXT NOT NULL,
  agent_at INTEGER NOT NULL,
  at INTEGER NOT NULL,
  detected_at INTEGER NOT NULL,
  time_corrected INTEGER NOT NULL DEFAULT 0,
  offset_ms INTEGER,
  received_at INTEGER NOT NULL,
  summary TEXT NOT NULL,
  detail TEXT NOT NULL,
  ticket_id INTEGER
);
CREATE INDEX events_site_at ON events(site_id, at);

CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id),
  condition TEXT NOT NULL,
  priority TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'restored', 'closed')),
  summary TEXT NOT NULL,
  detected_at INTEGER NOT NULL,
  cleared_at INTEGER,
  acknowledged_at INTEGER,
  acknowledged_by TEXT,
  restored_at INTEGER,
  resolved_at INTEGER,
  resolved_by TEXT,
  closed_at INTEGER,
  closed_by TEXT,
  plan_version_id INTEGER REFERENCES plan_versions(id),
  time_corrected INTEGER NOT NULL DEFAULT 0,
  clock_offset_ms INTEGER,
  reopen_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- One live ticket per site and condition (manual tickets are exempt).
CREATE UNIQUE INDEX tickets_one_live ON tickets(site_id, condition)
  WHERE state <> 'closed' AND condition <> 'manual';
CREATE INDEX tickets_state_priority ON tickets(state, priority, id);
CREATE INDEX tickets_site_condition ON tickets(site_id, condition, id);

CREATE TABLE ticket_priorities (
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  priority TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX ticket_priorities_ticket ON ticket_priorities(ticket_id);

CREATE TABLE ticket_pauses (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  reason TEXT NOT NULL,
  note TEXT,
  paused_by TEXT NOT NULL,
  from_at INTEGER NOT NULL,
  to_at INTEGER,
  resumed_by TEXT
);
CREATE INDEX ticket_pauses_ticket ON ticket_pauses(ticket_id);

CREATE TABLE ticket_timeline (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  type TEXT NOT NULL,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  data TEXT
);
CREATE INDEX ticket_timeline_ticket ON ticket_timeline(ticket_id, id);

-- Each SLA warning / breach is recorded once per ticket and objective.
CREATE TABLE ticket_sla_marks (
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  objective TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('warning', 'breach')),
  at INTEGER NOT NULL,
  PRIMARY KEY (ticket_id, objective, kind)
);

CREATE TABLE maintenance_windows (
  id INTEGER PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id),
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  reason TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX maintenance_site ON maintenance_windows(site_id, starts_at);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'noc', 'readonly')),
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'noc', 'readonly')),
  created_at INTEGER NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0
);
`,
};
