import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyMigrations, openDatabase } from './db.js';
import { consoleMigrations } from './migrations/index.js';

const file = () => join(mkdtempSync(join(tmpdir(), 'db-')), 'c.sqlite');

describe('migrations', () => {
  it('applies each once, in order, in WAL mode, recording it', () => {
    const f = file();
    const db = openDatabase(f);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const ids = consoleMigrations().map((m) => m.id);
    expect(applyMigrations(db, consoleMigrations(), () => 42)).toEqual([...ids].sort((a, b) => a - b));
    db.close();
    const again = openDatabase(f);
    expect(applyMigrations(again, consoleMigrations())).toEqual([]);
    expect(
      again.prepare('SELECT id, applied_at AS at FROM schema_migrations ORDER BY id LIMIT 1').get(),
    ).toEqual({ id: 1, at: 42 });
  });

  it('rolls a failing step back entirely and keeps the previous schema', () => {
    const db = openDatabase(file());
    applyMigrations(db, [{ id: 1, name: 'a', up: 'CREATE TABLE a (x)' }]);
    expect(() =>
      applyMigrations(db, [
        { id: 1, name: 'a', up: 'CREATE TABLE a (x)' },
        { id: 2, name: 'b', up: 'CREATE TABLE b (x); INSERT INTO nope VALUES (1)' },
      ]),
    ).toThrow(/nope/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    expect((db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(1);
  });

  it('refuses duplicate ids', () => {
    const db = openDatabase(file());
    expect(() =>
      applyMigrations(db, [
        { id: 3, name: 'x', up: '' },
        { id: 3, name: 'y', up: '' },
      ]),
    ).toThrow(/duplicate migration id 3/);
  });
});
