import { siteTopic } from '@pbxwatch/core/protocol';
import type { AgentConfig } from '../config/schema.js';
import { connectBroker, isSecureBrokerUrl } from '../publish/broker-connection.js';
import { brokerClientOptions } from '../publish/client-options.js';

/** What `probe` found when it logged in to the broker as the agent. */
export type BrokerCheck =
  | { ok: true; url: string; username: string; connectMs: number; secure: boolean }
  | {
      ok: false;
      url: string;
      username: string;
      /** `connect`: never logged in (network, TLS, credentials); `acks`: logged in, subscription refused. */
      stage: 'connect' | 'acks';
      error: string;
    };

/**
 * Logs in to the broker with the agent's own credentials and TLS settings, subscribes to the site's
 * `acks` topic (the one the service cannot work without) and disconnects. It publishes nothing: no
 * `status`, no will, no event, so the console sees no trace of a probe. A client id of its own
 * keeps a running service on the gateway connected ([MQTT-3.1.4-2]: a second connection with the
 * same client id takes the session over).
 * @example
 * const r = await checkBroker(cfg, { timeoutMs: 5000 });
 * if (!r.ok) console.log(`${r.stage}: ${r.error}`);
 */
export function checkBroker(cfg: AgentConfig, o: { timeoutMs: number }): Promise<BrokerCheck> {
  const url = cfg.broker.url;
  const base = brokerClientOptions(cfg.broker, cfg.site.id);
  const username = base.username ?? cfg.site.id;
  const started = performance.now();
  return new Promise((resolve) => {
    let done = false;
    const client = connectBroker(url, {
      ...base,
      clientId: `${base.clientId}-probe`,
      connectTimeout: o.timeoutMs,
      keepalive: Math.max(1, Math.ceil(o.timeoutMs / 1000)),
    });
    const finish = (r: BrokerCheck) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      client.end(true);
      resolve(r);
    };
    const fail = (stage: 'connect' | 'acks', error: string) =>
      finish({ ok: false, url, username, stage, error });
    // connectTimeout only covers the MQTT handshake; this also bounds a TCP connect that hangs.
    const timer = setTimeout(() => fail('connect', `no answer within ${o.timeoutMs} ms`), o.timeoutMs);
    client.once('error', (e) => fail('connect', e.message));
    client.once('close', () => fail('connect', 'connection closed before the broker accepted the login'));
    client.once('connect', () => {
      const connectMs = performance.now() - started;
      const acks = siteTopic(cfg.site.id, 'acks');
      client.subscribe(acks, { qos: 1 }, (err, granted) => {
        // [MQTT-3.9.3] return code 0x80: the broker refused the filter (its topic ACL); mqtt.js
        // reports it as an error or as qos 128 depending on version.
        if (err || !granted?.length || granted[0]?.qos === 128)
          return fail('acks', `subscription to ${acks} refused (${err?.message ?? 'return code 0x80'})`);
        finish({ ok: true, url, username, connectMs, secure: isSecureBrokerUrl(url) });
      });
    });
  });
}
