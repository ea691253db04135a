/** Who a credential belongs to: a site's agent, or the console itself. */
export type Role = 'site' | 'console';

/** One stored credential; never the secret itself, only its scrypt hash. */
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
 * `get` may be synchronous or return a promise; it must not throw for an unknown user.
 * @example
 * const store: CredentialStore = {
 *   get: (username) => (username === 'acme-hq' ? { hash, role: 'site', siteId: 'acme-hq' } : undefined),
 * };
 */
export interface CredentialStore {
  get(username: string): Credential | undefined | Promise<Credential | undefined>;
}
