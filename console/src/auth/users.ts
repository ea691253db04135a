import type { Database } from 'better-sqlite3';
import { prep } from '../store/statements.js';
import { hashSecret, verifySecret } from './passwords.js';
import type { Role } from './roles.js';

/**
 * A web UI user (the password hash never leaves this module).
 * @example
 * const u: User | null = users.authenticate('alice', password);
 */
export interface User {
  id: number;
  username: string;
  role: Role;
  createdAt: number;
  disabled: boolean;
}

interface Row {
  id: number;
  username: string;
  role: Role;
  created_at: number;
  disabled: number;
  password_hash: string;
}
const toUser = (r: Row): User => ({
  id: r.id,
  username: r.username,
  role: r.role,
  createdAt: r.created_at,
  disabled: r.disabled === 1,
});

/**
 * Users of the NOC web UI, with scrypt password hashes.
 * @example
 * const users = new UserStore(db, () => Date.now());
 * users.create('alice', 'pw-long-enough', 'noc');
 * users.authenticate('alice', 'pw-long-enough'); // { id: 1, username: 'alice', role: 'noc', ... }
 */
export class UserStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  /** Creates a user; throws on a duplicate username (SQLite UNIQUE). */
  create(username: string, password: string, role: Role): User {
    const at = this.now();
    const r = prep(
      this.db,
      'INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)',
    ).run(username, hashSecret(password), role, at);
    return { id: Number(r.lastInsertRowid), username, role, createdAt: at, disabled: false };
  }

  /** The user for valid credentials, or null (unknown user, wrong password, disabled). */
  authenticate(username: string, password: string): User | null {
    const row = prep(this.db, 'SELECT * FROM users WHERE username = ?').get(username) as Row | undefined;
    if (!row || row.disabled) return null;
    return verifySecret(password, row.password_hash) ? toUser(row) : null;
  }

  /** A user by id, or null. */
  get(id: number): User | null {
    const row = prep(this.db, 'SELECT * FROM users WHERE id = ?').get(id) as Row | undefined;
    return row ? toUser(row) : null;
  }

  /** Every user. */
  list(): User[] {
    return (prep(this.db, 'SELECT * FROM users ORDER BY id').all() as Row[]).map(toUser);
  }

  /** Sets a new password. */
  setPassword(id: number, password: string): boolean {
    return (
      prep(this.db, 'UPDATE users SET password_hash = ? WHERE id = ?').run(hashSecret(password), id).changes >
      0
    );
  }

  /** Number of users. */
  count(): number {
    return (prep(this.db, 'SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }
}
