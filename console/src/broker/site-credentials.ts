import type { Credential, CredentialStore } from '@pbxwatch/broker';
import type { Database, Statement } from 'better-sqlite3';

/**
 * The embedded broker's credential store over the sites table (the scrypt hash of each site's
 * secret), plus the console's own in-process credential.
 * @example
 * const store = new SiteCredentialStore(db, { username: 'pbxwatch-console', hash });
 * createBroker({ credentials: store, listeners });
 */
export class SiteCredentialStore implements CredentialStore {
  private readonly q: Statement;

  constructor(
    db: Database,
    private readonly consoleCredential: { username: string; hash: string },
  ) {
    this.q = db.prepare('SELECT mqtt_secret_hash AS hash FROM sites WHERE id = ?');
  }

  /** The credential of a site (username = site id) or of the console; undefined otherwise. */
  get(username: string): Credential | undefined {
    if (username === this.consoleCredential.username)
      return { hash: this.consoleCredential.hash, role: 'console' };
    const r = this.q.get(username) as { hash: string } | undefined;
    return r ? { hash: r.hash, role: 'site', siteId: username } : undefined;
  }
}
