import type { Database, Statement } from 'better-sqlite3';

const caches = new WeakMap<Database, Map<string, Statement>>();

/**
 * A prepared statement for this SQL, compiled once per database and reused: preparing costs more
 * than running a simple indexed query, and ingest runs the same few queries thousands of times.
 * @example
 * prep(db, 'SELECT 1 FROM sites WHERE id = ?').get('acme-hq');
 */
export function prep(db: Database, sql: string): Statement {
  let m = caches.get(db);
  if (!m) {
    m = new Map();
    caches.set(db, m);
  }
  let st = m.get(sql);
  if (!st) {
    st = db.prepare(sql);
    m.set(sql, st);
  }
  return st;
}
