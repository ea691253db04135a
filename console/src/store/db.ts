import type { Database as Db } from 'better-sqlite3';
import Database from 'better-sqlite3';
import type { Migration } from './migration.js';

/**
 * Opens (creating if needed) the console's SQLite file in WAL mode: readers never block the
 * ingest writer, and a crash loses no committed transaction.
 * @example
 * const db = openDatabase('./data/pbxwatch.sqlite');
 */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode is durable across an application crash; FULL adds an fsync per commit,
  // which the ack protocol needs only against power loss. We ack only committed rows, so use FULL.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * Applies every migration not yet recorded in `schema_migrations`, in id order, each in its own
 * transaction, so that a failing step leaves the previous schema intact. Returns the ids applied.
 * @example
 * applyMigrations(db, consoleMigrations()); // [1, 2]
 */
export function applyMigrations(
  db: Db,
  migrations: readonly Migration[],
  now: () => number = Date.now,
): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const ids = new Set<number>();
  for (const m of migrations) {
    if (ids.has(m.id)) throw new Error(`duplicate migration id ${m.id} (${m.name})`);
    ids.add(m.id);
  }
  const done = new Set(
    (db.prepare('SELECT id FROM schema_migrations').all() as { id: number }[]).map((r) => r.id),
  );
  const applied: number[] = [];
  const sorted = [...migrations].sort((a, b) => a.id - b.id);
  for (const m of sorted) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(
        m.id,
        m.name,
        now(),
      );
    })();
    applied.push(m.id);
  }
  return applied;
}
