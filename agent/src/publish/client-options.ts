import fs from 'node:fs';
import type { IClientOptions } from 'mqtt';

/** The broker settings of the agent's config that say who it is and how it reaches the broker. */
export interface BrokerIdentity {
  url: string;
  username?: string;
  password?: string;
  clientId?: string;
  tls?: { caFile?: string; certFile?: string; keyFile?: string; rejectUnauthorized: boolean };
}

/**
 * The MQTT 3.1.1 connect options every agent connection shares: client id, credentials, TLS
 * material read from the configured PEM files, no reconnect of mqtt.js's own. The daemon's
 * publisher and `probe`'s broker check both use it, so the check logs in exactly as the
 * service will.
 * @example
 * const opts = { ...brokerClientOptions(cfg.broker, cfg.site.id), keepalive: 30 };
 */
export function brokerClientOptions(b: BrokerIdentity, siteId: string): IClientOptions {
  const tls = b.tls;
  return {
    clientId: b.clientId ?? `pbxwatch-agent-${siteId}`,
    username: b.username ?? siteId,
    password: b.password,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    protocolVersion: 4,
    // mqtt-packet otherwise pre-builds 65,536 two-byte Buffers for message ids (about 6 MB of
    // heap on a 64 MB gateway budget); allocating 2 bytes per packet instead costs nothing here.
    writeCache: false,
    ...(tls
      ? {
          ca: tls.caFile ? fs.readFileSync(tls.caFile) : undefined,
          cert: tls.certFile ? fs.readFileSync(tls.certFile) : undefined,
          key: tls.keyFile ? fs.readFileSync(tls.keyFile) : undefined,
          rejectUnauthorized: tls.rejectUnauthorized,
        }
      : {}),
  };
}
