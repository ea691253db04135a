import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SITE_ID_RE } from '@pbxwatch/core/protocol';
import type { Role } from './credential-store.js';
import { formatPasswordFile, type PasswordEntries, parsePasswordFile } from './password-file.js';
import { DEFAULT_SCRYPT_PARAMS, generateSecret, hashSecret, type ScryptParams } from './scrypt-hash.js';

/**
 * Outcome of {@link updatePasswordFile}.
 * @example
 * const r: PasswdResult = await updatePasswordFile('broker.passwd', 'acme-hq');
 * if (r.action !== 'deleted') console.log(r.secret);
 */
export type PasswdResult =
  | { action: 'created' | 'rotated'; username: string; secret: string }
  | { action: 'deleted'; username: string };

/**
 * Options of {@link updatePasswordFile}.
 * @example
 * await updatePasswordFile('broker.passwd', 'noc', { role: 'console' });
 */
export interface PasswdOptions {
  delete?: boolean;
  role?: Role;
  params?: ScryptParams;
}

async function readEntries(path: string): Promise<PasswordEntries> {
  try {
    return parsePasswordFile(await readFile(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw err;
  }
}

/**
 * Creates, rotates (a new random secret) or deletes one credential in a password file, writing the
 * file atomically (temp file + rename, mode 0600) so the watching broker never reads half a file.
 * The secret is returned once and stored nowhere.
 * @example
 * const r = await updatePasswordFile('broker.passwd', 'acme-hq');
 * if (r.action !== 'deleted') console.log(r.secret);
 */
export async function updatePasswordFile(
  path: string,
  username: string,
  options: PasswdOptions = {},
): Promise<PasswdResult> {
  const role = options.role ?? 'site';
  if (role === 'site' && !SITE_ID_RE.test(username)) {
    throw new Error(`site id ${JSON.stringify(username)}: 1-63 of a-z, 0-9 and "-", not starting with "-"`);
  }
  const entries = await readEntries(path);
  let result: PasswdResult;
  if (options.delete) {
    if (!entries.delete(username)) throw new Error(`no user ${JSON.stringify(username)} in ${path}`);
    result = { action: 'deleted', username };
  } else {
    const secret = generateSecret();
    const hash = await hashSecret(secret, options.params ?? DEFAULT_SCRYPT_PARAMS);
    const action = entries.has(username) ? 'rotated' : 'created';
    entries.set(username, role === 'site' ? { hash, role, siteId: username } : { hash, role });
    result = { action, username, secret };
  }
  const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(tmp, formatPasswordFile(entries), { mode: 0o600 });
  await rename(tmp, path);
  return result;
}
