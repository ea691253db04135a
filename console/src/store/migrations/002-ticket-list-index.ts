import type { Migration } from '../migration.js';

/**
 * Lists are "newest first within a state" (`WHERE state = ? ORDER BY id DESC LIMIT n`): an index
 * on (state, id) answers that without sorting every ticket of the state.
 * @example
 * applyMigrations(db, [init, ticketListIndex]);
 */
export const ticketListIndex: Migration = {
  id: 2,
  name: 'ticket-list-index',
  up: `
CREATE INDEX tickets_state_id ON tickets(state, id);
CREATE INDEX tickets_site_id ON tickets(site_id, id);
`,
};
