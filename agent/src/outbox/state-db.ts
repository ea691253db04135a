import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * The agent's one SQLite database (`agent.db` in the state directory): outbox, detector state,
 * learned station baseline and counters. A SQLite handle, as better-sqlite3 returns it.
 * @example
 * const db: StateDb = openStateDb('/var/lib/pbxwatch');
 */
export type StateDb = Database.Database;

const MIGRATIONS: string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE outbox_events (
     rowid INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     created_at INTEGER NOT NULL,
     body TEXT NOT NULL
   );
   CREATE TABLE outbox_telemetry (
     rowid INTEGER PRIMARY KEY AUTOINCREMENT,
     created_at INTEGER NOT NULL,
     body TEXT NOT NULL
   );
   CREATE TABLE detector_state (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL);
   CREATE TABLE station_baseline (key TEXT PRIMARY KEY, last_seen INTEGER NOT NULL);`,
  // The newest poll, for `status`: in the row each poll rewrites anyway, so no extra page a commit.
  'ALTER TABLE detector_state ADD COLUMN last_poll TEXT;',
];

/**
 * The state database's file in a state directory.
 * @example
 * stateDbFile('/var/lib/pbxwatch'); // '/var/lib/pbxwatch/agent.db'
 */
export function stateDbFile(stateDir: string): string {
  return path.join(stateDir, 'agent.db');
}

/**
 * Opens (creating if needed) the state database with WAL and `synchronous=FULL`, so that a row
 * committed before a publish survives a power cut of the Pi, and applies pending migrations.
 * @example
 * const db = openStateDb(cfg.stateDir); // ... db.close();
 */
export function openStateDb(stateDir: string): StateDb {
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o750 });
  const db = new Database(stateDbFile(stateDir));
  db.pragma('journal_mode = WAL');
  // WAL + FULL: every commit is fsync'd (the outbox's promise); NORMAL could lose the last commits.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}

/**
 * Reads a value of the `meta` table.
 * @example
 * getMeta(db, 'bootCount'); // '3' or undefined
 */
export function getMeta(db: StateDb, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

/**
 * Writes a value of the `meta` table.
 * @example
 * setMeta(db, 'bootCount', '4');
 */
export function setMeta(db: StateDb, key: string, value: string): void {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/**
 * Counts one more agent start and returns the new boot number (persistent across restarts).
 * @example
 * const boot = nextBootNumber(db); // 1 on the first start
 */
export function nextBootNumber(db: StateDb): number {
  return db.transaction(() => {
    const n = Number(getMeta(db, 'bootCount') ?? '0') + 1;
    setMeta(db, 'bootCount', String(n));
    return n;
  })();
}
