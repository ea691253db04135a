import type { Migration } from '../migration.js';

/**
 * The console-time instant of the poll kept in `sites.last_telemetry`, so that a poll delivered
 * late (from the agent's outbox after a WAN cut, behind a live one) never replaces a newer one.
 * The agent's own times cannot decide it: after a clock jump they go backwards.
 * @example
 * applyMigrations(db, [init, ticketListIndex, siteTelemetry, lastTelemetryAt]);
 */
export const lastTelemetryAt: Migration = {
  id: 4,
  name: 'last-telemetry-at',
  up: 'ALTER TABLE sites ADD COLUMN last_telemetry_at INTEGER;',
};
