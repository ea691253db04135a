import net from 'node:net';
import tls from 'node:tls';
import mqtt, { type IClientOptions, MqttClient } from 'mqtt';

/** URL schemes served here over a plain TCP or TLS socket; anything else goes to `mqtt.connect`. */
const TCP = new Set(['mqtt:', 'tcp:']);
const TLS = new Set(['mqtts:', 'ssl:', 'tls:']);

/**
 * True for a broker URL the agent reaches over TLS (`mqtts:`, `ssl:`, `tls:`, `wss:`).
 * @example
 * isSecureBrokerUrl('mqtts://noc.example.net:8883'); // true
 */
export function isSecureBrokerUrl(url: string): boolean {
  const p = new URL(url).protocol;
  return TLS.has(p) || p === 'wss:';
}

/**
 * Opens an MQTT client to the broker. For `mqtt://` and `mqtts://` (every gateway we know) the
 * client is built on a socket opened here: `mqtt.connect` would first load all of mqtt.js's
 * transports, and with them WebSocket, SOCKS, and Node's http, https and zlib, about 2.5 MB of a
 * gateway's 64 MB for code the agent never runs. `ws://` and `wss://` still go through
 * `mqtt.connect`, which loads them only then.
 * @example
 * const client = connectBroker('mqtts://noc.example.net:8883', { username: 'acme-hq', password, ca });
 */
export function connectBroker(url: string, options: IClientOptions): MqttClient {
  const u = new URL(url);
  const secure = TLS.has(u.protocol);
  if (!secure && !TCP.has(u.protocol)) return mqtt.connect(url, options);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(u.port) || (secure ? 8883 : 1883);
  const connect = () =>
    secure
      ? tls.connect({
          host,
          port,
          // SNI and certificate name checks use the host name, never a literal address.
          servername: net.isIP(host) === 0 ? host : undefined,
          ca: options.ca,
          cert: options.cert,
          key: options.key,
          rejectUnauthorized: options.rejectUnauthorized !== false,
        })
      : net.connect({ host, port });
  return new MqttClient(connect, { ...options, host, port, protocol: secure ? 'mqtts' : 'mqtt' });
}
