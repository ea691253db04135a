import { SITE_ID_RE } from '@pbxwatch/core/protocol';
import type { Credential, Role } from './credential-store.js';
import { parseHash } from './scrypt-hash.js';

/**
 * The password file, one credential a line, like mosquitto_passwd but with a role:
 *
 *     # comment
 *     acme-hq:site:scrypt$16384$8$1$<salt>$<hash>
 *     console:console:scrypt$16384$8$1$<salt>$<hash>
 *
 * A `site` username must be a valid site id (it is the site id); a `console` username is any
 * `[A-Za-z0-9_.-]{1,64}`. Salt and hash are base64url.
 * @example
 * const entries: PasswordEntries = parsePasswordFile(text);
 * entries.get('acme-hq')?.role; // 'site'
 */
export type PasswordEntries = Map<string, Credential>;

const CONSOLE_USER_RE = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Parses password file text; throws one error naming every bad line (`line 3: ...`).
 * @example
 * const entries = parsePasswordFile('acme-hq:site:scrypt$16384$8$1$...$...\n');
 */
export function parsePasswordFile(text: string): PasswordEntries {
  const entries: PasswordEntries = new Map();
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `line ${i + 1}`;
    const parts = line.split(':');
    if (parts.length !== 3) {
      errors.push(`${where}: expected username:role:hash`);
      return;
    }
    const [username, role, hash] = parts as [string, string, string];
    if (role !== 'site' && role !== 'console') {
      errors.push(`${where}: role must be "site" or "console", not ${JSON.stringify(role)}`);
      return;
    }
    if (role === 'site' && !SITE_ID_RE.test(username)) {
      errors.push(`${where}: ${JSON.stringify(username)} is not a valid site id`);
      return;
    }
    if (role === 'console' && !CONSOLE_USER_RE.test(username)) {
      errors.push(`${where}: console username must be 1-64 of A-Z a-z 0-9 _ . -`);
      return;
    }
    const parsed = parseHash(hash);
    if (typeof parsed === 'string') {
      errors.push(`${where}: ${parsed}`);
      return;
    }
    if (entries.has(username)) {
      errors.push(`${where}: duplicate user ${JSON.stringify(username)}`);
      return;
    }
    entries.set(username, role === 'site' ? { hash, role, siteId: username } : { hash, role });
  });
  if (errors.length > 0) throw new Error(`password file: ${errors.join('; ')}`);
  return entries;
}

/**
 * Serialises entries back to file text, sorted by username, with a header comment.
 * @example
 * await writeFile(path, formatPasswordFile(entries), { mode: 0o600 });
 */
export function formatPasswordFile(entries: PasswordEntries): string {
  const lines = [
    '# pbxwatch broker password file: username:role:scrypt$N$r$p$salt$hash',
    '# managed by `pbxwatch-broker passwd`',
  ];
  for (const [username, c] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    lines.push(`${username}:${c.role satisfies Role}:${c.hash}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Usernames whose credential changed or disappeared between two versions of the file: their live
 * sessions must be closed.
 * @example
 * changedUsers(before, after); // ['acme-hq']
 */
export function changedUsers(before: PasswordEntries, after: PasswordEntries): string[] {
  const out: string[] = [];
  for (const [username, c] of before) {
    const n = after.get(username);
    if (!n || n.hash !== c.hash || n.role !== c.role) out.push(username);
  }
  return out;
}
