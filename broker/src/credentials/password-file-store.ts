import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import type { Credential, CredentialStore } from './credential-store.js';
import { changedUsers, type PasswordEntries, parsePasswordFile } from './password-file.js';

/**
 * Options of {@link PasswordFileStore}.
 * @example
 * new PasswordFileStore({ path: 'broker.passwd', logger, onRevoke: (users) => users.forEach((u) => broker.disconnectUser(u)) });
 */
export interface PasswordFileStoreOptions {
  path: string;
  logger: Logger;
  /** Called with the users whose credential was rotated or revoked by a reload. */
  onRevoke?: (usernames: string[]) => void;
  /** Watch the file and reload on change (default true). SIGHUP is the CLI's job: it calls `reload()`. */
  watch?: boolean;
  /** Coalesces the burst of events an editor or a rename makes (default 100 ms). */
  debounceMs?: number;
}

/**
 * A {@link CredentialStore} over a password file (see `password-file.ts`), reloaded on change.
 * A reload that fails to parse keeps the previous credentials and logs why, so a typo never locks
 * every site out.
 * @example
 * const store = new PasswordFileStore({ path: '/etc/pbxwatch/broker.passwd', logger,
 *   onRevoke: (users) => users.forEach((u) => broker.disconnectUser(u)) });
 * await store.start();
 */
export class PasswordFileStore implements CredentialStore {
  private entries: PasswordEntries = new Map();
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> = Promise.resolve();

  constructor(private readonly options: PasswordFileStoreOptions) {}

  /** Loads the file (throwing if it is missing or invalid) and starts watching it. */
  async start(): Promise<void> {
    this.entries = parsePasswordFile(await readFile(this.options.path, 'utf8'));
    this.options.logger.info({ path: this.options.path, users: this.entries.size }, 'password file loaded');
    if (this.options.watch !== false) {
      // Watch the directory: `passwd` replaces the file by rename, which orphans a file watcher.
      const name = basename(this.options.path);
      this.watcher = watch(dirname(this.options.path), (_event, file) => {
        if (file !== null && file !== name) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.reload(), this.options.debounceMs ?? 100);
      });
    }
  }

  /** Stops watching. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
    await this.reloading;
  }

  /** @inheritdoc */
  get(username: string): Credential | undefined {
    return this.entries.get(username);
  }

  /** Number of credentials loaded. */
  get size(): number {
    return this.entries.size;
  }

  /** Re-reads the file; returns the users whose credential was rotated or revoked. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      let next: PasswordEntries;
      try {
        next = parsePasswordFile(await readFile(this.options.path, 'utf8'));
      } catch (err) {
        this.options.logger.error(
          { path: this.options.path, err: (err as Error).message },
          'password file reload failed; keeping previous credentials',
        );
        return;
      }
      const revoked = changedUsers(this.entries, next);
      this.entries = next;
      this.options.logger.info({ users: next.size, revoked }, 'password file reloaded');
      if (revoked.length > 0) this.options.onRevoke?.(revoked);
    });
    return this.reloading;
  }
}
