import net from 'node:net';

/** The `http.trustedProxies` keyword for 127.0.0.0/8 and ::1 (a proxy on the console's own host). */
export const LOOPBACK = 'loopback';

/** IPv4 peers of a dual-stack socket arrive as `::ffff:a.b.c.d`; compare them as IPv4. */
const plain = (address: string): string => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

/**
 * Finds the client's address for per-client limits: the TCP peer, unless the peer is one of the
 * trusted reverse proxies, in which case `X-Forwarded-For` is read from the right, skipping trusted
 * hops, and the first untrusted address is the client. Reading from the right matters: the
 * left-hand entries are whatever the client chose to send, so trusting them would let anyone pick
 * a fresh key per login attempt.
 * @example
 * const who = clientAddressResolver(['loopback', '10.0.0.0/8']);
 * who('127.0.0.1', '203.0.113.7, 10.1.2.3'); // '203.0.113.7'
 * who('198.51.100.9', '1.2.3.4');            // '198.51.100.9' (not a trusted proxy: header ignored)
 */
export function clientAddressResolver(
  trusted: readonly string[],
): (peer: string, forwardedFor: string | undefined) => string {
  const list = new net.BlockList();
  for (const entry of trusted) addTrusted(list, entry);
  const isTrusted = (a: string) => {
    const family = net.isIP(a);
    return family !== 0 && list.check(a, family === 6 ? 'ipv6' : 'ipv4');
  };
  return (peer, forwardedFor) => {
    let client = plain(peer);
    if (!forwardedFor || !isTrusted(client)) return client;
    const hops = forwardedFor.split(',').map((h) => plain(h.trim()));
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] as string;
      // A hop that is no address at all (a proxy that writes `unknown`) ends the chain we can trust.
      if (net.isIP(hop) === 0) return client;
      client = hop;
      if (!isTrusted(hop)) return hop;
    }
    return client;
  };
}

/**
 * Checks one `http.trustedProxies` entry, for the config schema: `loopback`, an address, or a CIDR.
 * @example
 * trustedProxyProblem('10.0.0.0/33'); // 'prefix length must be 0-32 for IPv4'
 */
export function trustedProxyProblem(entry: string): string | null {
  try {
    addTrusted(new net.BlockList(), entry);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

function addTrusted(list: net.BlockList, entry: string): void {
  if (entry === LOOPBACK) {
    list.addSubnet('127.0.0.0', 8, 'ipv4');
    list.addAddress('::1', 'ipv6');
    return;
  }
  const [address = '', prefix] = entry.split('/');
  const family = net.isIP(address);
  if (family === 0) throw new Error(`"${entry}" is not an IP address, a CIDR or "${LOOPBACK}"`);
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (prefix === undefined) {
    list.addAddress(address, type);
    return;
  }
  const max = family === 6 ? 128 : 32;
  const bits = Number(prefix);
  if (!/^\d+$/.test(prefix) || bits > max)
    throw new Error(`prefix length must be 0-${max} for IPv${family} in "${entry}"`);
  list.addSubnet(address, bits, type);
}
