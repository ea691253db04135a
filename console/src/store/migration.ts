import type { Database } from 'better-sqlite3';

/**
 * One forward-only schema step. Ids are unique across the whole console: 1–99 for the store,
 * 100–199 for notices, 200+ for later modules. Applied in id order, each in a transaction.
 * @example
 * const m: Migration = { id: 1, name: 'init', up: 'CREATE TABLE site (id TEXT PRIMARY KEY)' };
 */
export interface Migration {
  id: number;
  name: string;
  up: string | ((db: Database) => void);
}
