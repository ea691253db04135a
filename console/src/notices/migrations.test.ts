import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyMigrations, openDatabase } from '../store/db.js';
import { consoleMigrations } from '../store/migrations/index.js';
import { noticeMigrations } from './migrations.js';

describe('noticeMigrations', () => {
  it('use ids 100–199 and apply with the console store, on a real file, idempotently', () => {
    expect(noticeMigrations.every((m) => m.id >= 100 && m.id <= 199)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'pbxwatch-notices-mig-'));
    try {
      const db = openDatabase(join(dir, 'console.db'));
      const applied = applyMigrations(db, consoleMigrations(), () => 0);
      expect(applied).toEqual(expect.arrayContaining(noticeMigrations.map((m) => m.id)));
      expect(applyMigrations(db, consoleMigrations(), () => 0)).toEqual([]);
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'notice_%'")
        .all();
      expect(tables.map((t) => (t as { name: string }).name).sort()).toEqual([
        'notice_queue',
        'notice_recipient',
        'notice_template',
      ]);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
