import { noticeMigrations } from '../../notices/migrations.js';
import type { Migration } from '../migration.js';
import { init } from './001-init.js';
import { ticketListIndex } from './002-ticket-list-index.js';
import { siteTelemetry } from './003-site-telemetry.js';
import { lastTelemetryAt } from './004-last-telemetry-at.js';

/**
 * The store's own migrations (ids 1–99), in order.
 * @example
 * applyMigrations(db, [...storeMigrations]);
 */
export const storeMigrations: readonly Migration[] = [init, ticketListIndex, siteTelemetry, lastTelemetryAt];

/**
 * Every migration of the console: the store's, then the notices module's (ids 100+).
 * @example
 * applyMigrations(db, consoleMigrations());
 */
export function consoleMigrations(): Migration[] {
  return [...storeMigrations, ...noticeMigrations];
}
