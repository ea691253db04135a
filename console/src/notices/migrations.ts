import type { Migration } from '../store/migration.js';

// No foreign keys to other modules' tables (tickets, sites, customers): the notices module must
// install and test on its own, and a queued notice is history that outlives its recipient.
const recipients = `
CREATE TABLE notice_recipient (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('contact', 'noc')),
  customer_id INTEGER,
  name TEXT NOT NULL,
  email TEXT,
  webhook_url TEXT,
  webhook_secret TEXT,
  priorities TEXT NOT NULL DEFAULT '["P1","P2"]',
  stages TEXT NOT NULL,
  locale TEXT,
  time_format TEXT CHECK (time_format IS NULL OR time_format IN ('24h', '12h')),
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  CHECK ((kind = 'contact') = (customer_id IS NOT NULL)),
  CHECK (email IS NOT NULL OR webhook_url IS NOT NULL),
  CHECK (webhook_url IS NULL OR webhook_secret IS NOT NULL)
);
CREATE INDEX notice_recipient_customer ON notice_recipient (kind, customer_id);
`;

const templates = `
CREATE TABLE notice_template (
  id INTEGER PRIMARY KEY,
  stage TEXT NOT NULL,
  customer_id INTEGER,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT
);
CREATE UNIQUE INDEX notice_template_scope ON notice_template (stage, COALESCE(customer_id, -1));
`;

// One row per (ticket, stage, variant, recipient, channel): the UNIQUE key is what makes a
// duplicate ticket event queue nothing. `variant` tells apart repeatable stages: the new priority
// of a priority raise, the objective of an SLA warning or breach; '' otherwise.
const queue = `
CREATE TABLE notice_queue (
  id INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  ticket_id INTEGER NOT NULL,
  site_id TEXT NOT NULL,
  customer_id INTEGER,
  stage TEXT NOT NULL,
  variant TEXT NOT NULL DEFAULT '',
  recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('contact', 'noc')),
  recipient_id INTEGER NOT NULL,
  recipient_name TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
  address TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'sending', 'sent', 'failed-permanent')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  message_id TEXT,
  UNIQUE (ticket_id, stage, variant, recipient_kind, recipient_id, channel)
);
CREATE INDEX notice_queue_due ON notice_queue (status, next_attempt_at);
CREATE INDEX notice_queue_ticket ON notice_queue (ticket_id);
`;

/**
 * The notices module's schema steps (ids 100–199), for the console's migration list.
 * @example
 * const all = [...storeMigrations, ...noticeMigrations].sort((a, b) => a.id - b.id);
 */
export const noticeMigrations: readonly Migration[] = Object.freeze([
  { id: 100, name: 'notice-recipients', up: recipients },
  { id: 101, name: 'notice-templates', up: templates },
  { id: 102, name: 'notice-queue', up: queue },
]);
