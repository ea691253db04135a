import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '../auth/roles.js';

/**
 * A logged-in web UI session; the id is the cookie value, the CSRF token goes in every form.
 * @example
 * const s: WebSession = sessions.create({ id: 1, username: 'alice', role: 'noc' });
 */
export interface WebSession {
  id: string;
  csrf: string;
  userId: number;
  username: string;
  role: Role;
  createdAt: number;
  lastSeenAt: number;
  /** A one-shot message for the next page (result of a form). */
  flash?: { ok: boolean; text: string };
}

/**
 * Server-side sessions kept in memory (a console restart logs everyone out, which is acceptable
 * for a NOC console and keeps no bearer secret at rest). Ids are 256-bit random values.
 * @example
 * const store = new SessionStore(() => Date.now());
 * const s = store.create({ id: 1, username: 'alice', role: 'noc' });
 * store.get(s.id)?.username; // 'alice'
 */
export class SessionStore {
  private readonly sessions = new Map<string, WebSession>();

  constructor(
    private readonly now: () => number,
    /** Idle time after which a session ends. */
    private readonly idleMs = 12 * 3_600_000,
    private readonly maxSessions = 10_000,
  ) {}

  /** Opens a session for a user who just logged in. */
  create(user: { id: number; username: string; role: Role }): WebSession {
    if (this.sessions.size >= this.maxSessions) this.prune();
    const at = this.now();
    const s: WebSession = {
      id: randomToken(),
      csrf: randomToken(),
      userId: user.id,
      username: user.username,
      role: user.role,
      createdAt: at,
      lastSeenAt: at,
    };
    this.sessions.set(s.id, s);
    return s;
  }

  /** The live session for a cookie value (its idle clock restarts), or null. */
  get(id: string | undefined): WebSession | null {
    if (!id) return null;
    const s = this.sessions.get(id);
    if (!s) return null;
    const at = this.now();
    if (at - s.lastSeenAt > this.idleMs) {
      this.sessions.delete(id);
      return null;
    }
    s.lastSeenAt = at;
    return s;
  }

  /** Ends a session (logout). */
  destroy(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  /** Number of live sessions (expired ones may still count until pruned). */
  get size(): number {
    return this.sessions.size;
  }

  private prune(): void {
    const at = this.now();
    for (const [id, s] of this.sessions) if (at - s.lastSeenAt > this.idleMs) this.sessions.delete(id);
    // Still full: drop the oldest so a flood of logins cannot grow memory without bound.
    while (this.sessions.size >= this.maxSessions) {
      const first = this.sessions.keys().next().value as string;
      this.sessions.delete(first);
    }
  }
}

/**
 * A 256-bit random token, base64url.
 * @example
 * randomToken().length; // 43
 */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison of a submitted CSRF token with the expected one; missing → false.
 * @example
 * csrfMatches(session.csrf, form._csrf); // true only for the exact token
 */
export function csrfMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
