import { TLSSocket } from 'node:tls';
import type { AuthenticateError, Client, ConnectPacket } from 'aedes';
import type { Logger } from 'pino';
import { canPublish, type Identity } from '../acl/topic-acl.js';
import type { CredentialStore } from '../credentials/credential-store.js';
import { VerifiedCache, verifySecret } from '../credentials/scrypt-hash.js';
import type { LoginThrottle } from '../limits/login-throttle.js';
import type { MetricsCounters } from '../metrics/broker-metrics.js';
import type { SessionRegistry } from './session-registry.js';

/** CONNACK return codes of MQTT 3.1.1 §3.2.2.3. */
const RC = { IDENTIFIER_REJECTED: 2, SERVER_UNAVAILABLE: 3, BAD_CREDENTIALS: 4, NOT_AUTHORIZED: 5 } as const;

/**
 * A refusal already logged and counted, so the `clientError` it causes is not counted twice.
 * @example
 * if ((err as Record<symbol, unknown>)[COUNTED]) return; // already counted
 */
export const COUNTED = Symbol('pbxwatch.counted');

/**
 * Dependencies of {@link Authenticator}.
 * @example
 * new Authenticator({ store, registry, throttle, counters, logger, maxClientIdLength: 128, certRequired, delay });
 */
export interface AuthenticatorDeps {
  store: CredentialStore;
  registry: SessionRegistry;
  throttle: LoginThrottle;
  counters: MetricsCounters;
  logger: Logger;
  maxClientIdLength: number;
  /** Sockets accepted on a listener that requires client certificates. */
  certRequired: WeakSet<object>;
  delay: (ms: number) => Promise<void>;
}

type Done = (error: AuthenticateError | null, success: boolean | null) => void;

/**
 * The aedes `preConnect` and `authenticate` hooks: per-site secrets, the console account, client
 * certificate CN, Will topic ACL, client-id ownership, and the failed-login slow-down.
 * @example
 * const auth = new Authenticator(deps);
 * aedes.preConnect = auth.preConnect;
 * aedes.authenticate = auth.authenticate;
 */
export class Authenticator {
  private readonly connects = new WeakMap<Client, ConnectPacket>();
  private readonly cache = new VerifiedCache(100_000);

  constructor(private readonly deps: AuthenticatorDeps) {}

  /** Forgets cached verifications of a user (rotation or revocation). */
  forget(username: string): void {
    this.cache.delete(username);
  }

  /** aedes preConnect: keeps the CONNECT packet so `authenticate` can check its Will. */
  readonly preConnect = (
    client: Client,
    packet: ConnectPacket,
    cb: (e: Error | null, ok: boolean) => void,
  ): void => {
    this.connects.set(client, packet);
    cb(null, true);
  };

  /** aedes authenticate. */
  readonly authenticate = (
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: Done,
  ): void => {
    this.check(client, username, password).then(
      (outcome) => {
        if ('identity' in outcome) {
          this.deps.registry.bind(client, outcome.identity);
          this.deps.counters.connectionsTotal++;
          this.deps.logger.info(
            { clientId: client.id, username, address: address(client) },
            'client connected',
          );
          done(null, true);
          return;
        }
        this.deps.counters.refuse('connect', outcome.reason);
        this.deps.logger.warn(
          {
            clientId: client.id,
            username,
            address: address(client),
            reason: outcome.reason,
            detail: outcome.detail,
          },
          'connect refused',
        );
        const err = Object.assign(new Error(`connect refused: ${outcome.reason}`), {
          returnCode: outcome.rc,
          [COUNTED]: true,
        }) as unknown as AuthenticateError;
        if (outcome.reason !== 'bad-credentials') {
          done(err, false);
          return;
        }
        // Answer a guesser late, and later each time (the socket is paused meanwhile).
        this.deps.counters.authFailures++;
        const wait = this.deps.throttle.fail(address(client));
        this.deps.delay(wait).then(() => done(err, false));
      },
      (e: unknown) => {
        this.deps.counters.refuse('connect', 'store-error');
        this.deps.logger.error(
          { clientId: client.id, username, err: (e as Error).message },
          'credential lookup failed',
        );
        done(
          Object.assign(new Error('credential store unavailable'), {
            returnCode: RC.SERVER_UNAVAILABLE,
            [COUNTED]: true,
          }) as unknown as AuthenticateError,
          false,
        );
      },
    );
  };

  private async check(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
  ): Promise<{ identity: Identity } | { reason: string; rc: number; detail?: string }> {
    const connect = this.connects.get(client);
    this.connects.delete(client);
    if (client.id.length > this.deps.maxClientIdLength) {
      return {
        reason: 'client-id',
        rc: RC.IDENTIFIER_REJECTED,
        detail: `client id longer than ${this.deps.maxClientIdLength}`,
      };
    }
    // A secret is 43 characters; anything far longer is not worth a scrypt run.
    if (typeof username !== 'string' || !password || password.length === 0 || password.length > 256) {
      return { reason: 'bad-credentials', rc: RC.BAD_CREDENTIALS, detail: 'missing username or password' };
    }
    const secret = password.toString('utf8');
    const cred = await this.deps.store.get(username);
    if (!cred) return { reason: 'bad-credentials', rc: RC.BAD_CREDENTIALS, detail: 'unknown user' };
    // In a reconnect storm a client may give up while queued for scrypt; skip its run.
    if (client.closed)
      return { reason: 'gone', rc: RC.SERVER_UNAVAILABLE, detail: 'closed before verification' };
    if (!this.cache.has(username, cred.hash, secret)) {
      if (!(await verifySecret(secret, cred.hash))) {
        return { reason: 'bad-credentials', rc: RC.BAD_CREDENTIALS, detail: 'wrong secret' };
      }
      // The credential may have been revoked or rotated while scrypt ran.
      const again = await this.deps.store.get(username);
      if (!again || again.hash !== cred.hash)
        return { reason: 'bad-credentials', rc: RC.BAD_CREDENTIALS, detail: 'credential changed' };
      this.cache.add(username, cred.hash, secret);
    }
    const identity: Identity =
      cred.role === 'site'
        ? { username, role: 'site', siteId: cred.siteId ?? username }
        : { username, role: 'console' };
    if (this.deps.certRequired.has(client.conn)) {
      const cn = client.conn instanceof TLSSocket ? client.conn.getPeerCertificate().subject?.CN : undefined;
      if (cn !== username) {
        return {
          reason: 'cert-cn',
          rc: RC.NOT_AUTHORIZED,
          detail: `certificate CN ${JSON.stringify(cn)} is not the username`,
        };
      }
    }
    const will = connect?.will;
    if (will) {
      // A Will is a deferred publish: refuse the connection now rather than drop the Will later.
      const verdict = canPublish(identity, will.topic);
      if (verdict)
        return {
          reason: 'will-acl',
          rc: RC.NOT_AUTHORIZED,
          detail: `will topic ${JSON.stringify(will.topic)}: ${verdict}`,
        };
    }
    const owner = this.deps.registry.owner(client.id);
    if (owner && owner.username !== username) {
      return { reason: 'client-id', rc: RC.IDENTIFIER_REJECTED, detail: 'client id belongs to another user' };
    }
    return { identity };
  }
}

/**
 * Remote address of a client's socket, `unknown` for other streams.
 * @example
 * logger.warn({ address: address(client) }, 'refused');
 */
export function address(client: Client): string {
  return (client.conn as { remoteAddress?: string }).remoteAddress ?? 'unknown';
}
