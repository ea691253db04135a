/**
 * Who a credential belongs to: a site's agent, or the console itself.
 * @example
 * const role: Role = 'console';
 */
export type Role = 'site' | 'console';

/**
 * One stored credential; never the secret itself, only its scrypt hash.
 * @example
 * const c: Credential = { hash: await hashSecret(secret), role: 'site', siteId: 'acme-hq' };
 */
export interface Credential {
  /** `scrypt$N$r$p$salt$hash`, see {@link hashSecret}. */
  hash: string;
  role: Role;
  /** For role `site`: the site id (equal to the username). Unset for the console. */
  siteId?: string;
}

/**
 * Where the broker looks credentials up. The standalone broker uses a password file
 * ({@link PasswordFileStore}); the console implements this over its site records.
 * `get` may be synchronous or return a promise, and returns `undefined` for an unknown user; a
 * throw or rejection refuses that CONNECT with return code 3 (server unavailable).
 * @example
 * const store: CredentialStore = {
 *   get: (username) => (username === 'acme-hq' ? { hash, role: 'site', siteId: 'acme-hq' } : undefined),
 * };
 */
export interface CredentialStore {
  get(username: string): Credential | undefined | Promise<Credential | undefined>;
}
