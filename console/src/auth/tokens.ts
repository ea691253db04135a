import { createHash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { prep } from '../store/statements.js';
import type { Role } from './roles.js';

/**
 * A token's identity as the API sees it (the secret itself is never stored).
 * @example
 * const t: TokenInfo | null = tokens.verify(bearer);
 */
export interface TokenInfo {
  id: number;
  name: string;
  role: Role;
}

// API tokens are 32 random bytes, so a fast hash is enough: there is nothing to brute-force.
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * API bearer tokens, stored as sha256 hashes.
 * @example
 * const tokens = new TokenStore(db, () => Date.now());
 * const { token } = tokens.create('ci', 'readonly');
 * tokens.verify(token); // { id: 1, name: 'ci', role: 'readonly' }
 */
export class TokenStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  /** Creates a token and returns its secret, which is shown once. */
  create(
    name: string,
    role: Role,
    token = `pbxw_${randomBytes(32).toString('base64url')}`,
  ): TokenInfo & {
    token: string;
  } {
    const r = prep(
      this.db,
      'INSERT INTO api_tokens (name, token_hash, role, created_at) VALUES (?, ?, ?, ?)',
    ).run(name, sha256(token), role, this.now());
    return { id: Number(r.lastInsertRowid), name, role, token };
  }

  /** Ensures a token exists with this exact secret (for `PBXWATCH_ADMIN_TOKEN`). */
  ensure(name: string, role: Role, token: string): void {
    const hash = sha256(token);
    const row = prep(this.db, 'SELECT id FROM api_tokens WHERE token_hash = ?').get(hash);
    if (!row) this.create(name, role, token);
  }

  /** The token's identity, or null if unknown. */
  verify(token: string): TokenInfo | null {
    const row = prep(this.db, 'SELECT id, name, role FROM api_tokens WHERE token_hash = ?').get(
      sha256(token),
    ) as TokenInfo | undefined;
    return row ?? null;
  }

  /** Number of tokens with a role (used to decide whether first start must create an admin). */
  count(role?: Role): number {
    const row = (
      role
        ? prep(this.db, 'SELECT COUNT(*) AS n FROM api_tokens WHERE role = ?').get(role)
        : prep(this.db, 'SELECT COUNT(*) AS n FROM api_tokens').get()
    ) as { n: number };
    return row.n;
  }

  /** Lists tokens (without secrets). */
  list(): (TokenInfo & { createdAt: number })[] {
    return prep(
      this.db,
      'SELECT id, name, role, created_at AS createdAt FROM api_tokens ORDER BY id',
    ).all() as (TokenInfo & { createdAt: number })[];
  }

  /** Revokes a token; false if it did not exist. */
  revoke(id: number): boolean {
    return prep(this.db, 'DELETE FROM api_tokens WHERE id = ?').run(id).changes > 0;
  }
}
