/**
 * The parts of a `sip:`/`sips:` URI that a probe needs to reach the peer (RFC 3261 §19.1).
 */

/**
 * A SIP transport the prober speaks.
 * @example
 * const t: SipTransport = 'tcp';
 */
export type SipTransport = 'udp' | 'tcp' | 'tls';

/** A parsed SIP URI. */
export interface SipUri {
  scheme: 'sip' | 'sips';
  user?: string;
  /** Host name or address; IPv6 without the brackets. */
  host: string;
  /** Explicit port, when the URI has one. */
  port?: number;
  /** The `transport` URI parameter, lower-cased, when present. */
  transportParam?: string;
  /** The URI as given, for the Request-URI and To header. */
  text: string;
}

/** Default ports of RFC 3261 §19.1.2: 5060 for sip over UDP/TCP, 5061 for TLS. */
export function defaultPort(transport: SipTransport): number {
  return transport === 'tls' ? 5061 : 5060;
}

/**
 * Parse a `sip:` or `sips:` URI; throws an Error naming what is wrong.
 * @example
 * parseSipUri('sip:100@10.0.0.5:5062;transport=tcp');
 * // { scheme: 'sip', user: '100', host: '10.0.0.5', port: 5062, transportParam: 'tcp', text: '...' }
 */
export function parseSipUri(uri: string): SipUri {
  const m = /^(sips?):(?:([^@;?]+)@)?(\[[0-9a-fA-F:.]+\]|[^:;?[\]]+)(?::(\d+))?((?:;[^?]*)?)(\?.*)?$/i.exec(
    uri.trim(),
  );
  if (!m) throw new Error(`invalid SIP URI "${uri}": expected sip:[user@]host[:port][;params]`);
  const scheme = m[1]!.toLowerCase() as 'sip' | 'sips';
  const host = m[3]!.startsWith('[') ? m[3]!.slice(1, -1) : m[3]!;
  if (host === '') throw new Error(`invalid SIP URI "${uri}": empty host`);
  const result: SipUri = { scheme, host, text: uri.trim() };
  if (m[2] !== undefined) result.user = m[2].split(':')[0]!;
  if (m[4] !== undefined) {
    const port = Number(m[4]);
    if (port < 1 || port > 65535) throw new Error(`invalid SIP URI "${uri}": port ${port} out of range`);
    result.port = port;
  }
  for (const param of (m[5] ?? '').split(';')) {
    const [name, value] = param.split('=');
    if (name?.toLowerCase() === 'transport' && value) result.transportParam = value.toLowerCase();
  }
  return result;
}

/**
 * The transport a URI asks for: `sips:` means TLS (RFC 3261 §19.1), else the `transport` parameter,
 * else UDP. Throws for a transport the prober does not speak (sctp, ws…).
 * @example
 * uriTransport(parseSipUri('sips:pbx.example.com')); // 'tls'
 */
export function uriTransport(uri: SipUri): SipTransport {
  if (uri.scheme === 'sips') return 'tls';
  const t = uri.transportParam ?? 'udp';
  if (t === 'udp' || t === 'tcp' || t === 'tls') return t;
  throw new Error(`unsupported SIP transport "${t}" in ${uri.text}`);
}

/**
 * Format a host for a header or URI: IPv6 addresses go in brackets (RFC 3261 §25.1 IPv6reference).
 * @example
 * formatHost('::1'); // '[::1]'
 */
export function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
