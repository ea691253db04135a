import type { Client } from 'aedes';
import type { Identity } from '../acl/topic-acl.js';

/**
 * Who is behind each aedes client, the live clients of each user (for `disconnectUser`), and which
 * user owns each client id, so one site cannot take over another site's session by reusing its
 * client id ([MQTT-3.1.4-2] takeover stays possible within one user).
 * @example
 * const reg = new SessionRegistry();
 * reg.bind(client, identity);
 * reg.clientsOf('acme-hq'); // [client]
 */
export class SessionRegistry {
  private readonly identities = new WeakMap<Client, Identity>();
  private readonly byUser = new Map<string, Set<Client>>();
  private readonly owners = new Map<string, Identity>();

  /** The identity of an authenticated client. */
  identity(client: Client | null): Identity | undefined {
    return client ? this.identities.get(client) : undefined;
  }

  /** The user owning a client id, if any session of it was established and may persist. */
  owner(clientId: string): Identity | undefined {
    return this.owners.get(clientId);
  }

  /** Records an authenticated client. */
  bind(client: Client, identity: Identity): void {
    this.identities.set(client, identity);
    this.owners.set(client.id, identity);
    let set = this.byUser.get(identity.username);
    if (!set) {
      set = new Set();
      this.byUser.set(identity.username, set);
    }
    set.add(client);
  }

  /** Forgets a closed client; a clean session also releases its client id. */
  unbind(client: Client): void {
    const identity = this.identities.get(client);
    if (!identity) return;
    const set = this.byUser.get(identity.username);
    set?.delete(client);
    if (set?.size === 0) this.byUser.delete(identity.username);
    // A persistent session outlives the connection, so its id stays owned by the same user.
    if (client.clean && this.owners.get(client.id) === identity) {
      const stillLive = set ? [...set].some((c) => c.id === client.id) : false;
      if (!stillLive) this.owners.delete(client.id);
    }
  }

  /** Live clients of a user. */
  clientsOf(username: string): Client[] {
    return [...(this.byUser.get(username) ?? [])];
  }
}
