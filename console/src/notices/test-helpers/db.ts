import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { noticeMigrations } from '../migrations.js';

/**
 * A real SQLite file in a temp dir with the notices migrations applied, as the console store would.
 * @example
 * const h = openNoticeDb(); createContact(h.db, input); h.close();
 */
export function openNoticeDb(): { db: Database.Database; path: string; close: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pbxwatch-notices-'));
  const path = join(dir, 'console.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  for (const m of noticeMigrations) {
    db.transaction(() => (typeof m.up === 'string' ? db.exec(m.up) : m.up(db)))();
  }
  return {
    db,
    path,
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
