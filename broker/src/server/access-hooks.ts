import type { AedesPublishPacket, Client, PublishPacket, Subscription } from 'aedes';
import type { Logger } from 'pino';
import { canPublish, canReceive, canSubscribe } from '../acl/topic-acl.js';
import type { TokenBucket } from '../limits/token-bucket.js';
import type { MetricsCounters } from '../metrics/broker-metrics.js';
import { COUNTED } from './authenticator.js';
import type { SessionRegistry } from './session-registry.js';

/**
 * Dependencies of {@link AccessHooks}.
 * @example
 * new AccessHooks({ registry, counters, logger, newBucket: () => new TokenBucket({ perSecond: 50, burst: 500 }, clock) });
 */
export interface AccessHooksDeps {
  registry: SessionRegistry;
  counters: MetricsCounters;
  logger: Logger;
  /** A fresh publish-rate bucket for a site connection. */
  newBucket: () => TokenBucket;
}

/**
 * The aedes `authorizePublish`, `authorizeSubscribe` and `authorizeForward` hooks over the topic
 * ACL, plus the per-connection publish rate.
 * @example
 * const hooks = new AccessHooks(deps);
 * aedes.authorizePublish = hooks.authorizePublish;
 */
export class AccessHooks {
  private readonly buckets = new WeakMap<Client, TokenBucket>();

  constructor(private readonly deps: AccessHooksDeps) {}

  private refused(
    action: 'publish' | 'subscribe',
    reason: string,
    client: Client | null,
    topic: unknown,
    detail: string,
  ): Error {
    this.deps.counters.refuse(action, reason);
    this.deps.logger.warn(
      {
        clientId: client?.id,
        username: this.deps.registry.identity(client)?.username,
        topic,
        reason,
        detail,
      },
      `${action} refused`,
    );
    return Object.assign(new Error(`${action} refused: ${detail}`), { [COUNTED]: true });
  }

  /**
   * aedes authorizePublish. A refusal closes the connection without PUBACK: MQTT 3.1.1 has no
   * negative PUBACK, and [MQTT-3.3.5-2] lets the server either acknowledge or disconnect.
   */
  readonly authorizePublish = (
    client: Client | null,
    packet: PublishPacket,
    cb: (error?: Error | null) => void,
  ): void => {
    const isWill = client === null || packet === (client as { will?: unknown }).will;
    // A Will left over from a dead connection has no client: judge it by its client id's owner.
    const identity = client
      ? this.deps.registry.identity(client)
      : this.deps.registry.owner((packet as { clientId?: string }).clientId ?? '');
    if (!identity) {
      cb(this.refused('publish', 'unauthenticated', client, packet.topic, 'no identity for this client'));
      return;
    }
    const verdict = canPublish(identity, packet.topic);
    if (verdict) {
      cb(this.refused('publish', 'acl', client, packet.topic, verdict));
      return;
    }
    if (!isWill && client && identity.role === 'site') {
      let bucket = this.buckets.get(client);
      if (!bucket) {
        bucket = this.deps.newBucket();
        this.buckets.set(client, bucket);
      }
      // Disconnect rather than drop: a dropped QoS 1 message would still be PUBACKed, while a
      // disconnected agent keeps it in its outbox and resends after its reconnect back-off.
      if (!bucket.take()) {
        cb(
          this.refused('publish', 'rate-limit', client, packet.topic, 'publish rate exceeded; disconnecting'),
        );
        return;
      }
    }
    if (!isWill) this.deps.counters.messagesIn++;
    cb(null);
  };

  /**
   * aedes authorizeSubscribe. A refused filter gets return code 0x80 in the SUBACK (MQTT 3.1.1
   * §3.9.3) and the connection stays up; the other filters of the packet are unaffected.
   */
  readonly authorizeSubscribe = (
    client: Client,
    sub: Subscription,
    cb: (error: Error | null, subscription?: Subscription | null) => void,
  ): void => {
    const identity = this.deps.registry.identity(client);
    const verdict = identity ? canSubscribe(identity, sub.topic) : 'no identity for this client';
    if (verdict) {
      this.refused('subscribe', identity ? 'acl' : 'unauthenticated', client, sub.topic, verdict);
      cb(null, null);
      return;
    }
    cb(null, sub);
  };

  /** aedes authorizeForward: delivers only what this client may read (retained and restored too). */
  readonly authorizeForward = (client: Client, packet: AedesPublishPacket): AedesPublishPacket | null => {
    const identity = this.deps.registry.identity(client);
    if (!identity || !canReceive(identity, packet.topic)) return null;
    this.deps.counters.messagesOut++;
    return packet;
  };
}
