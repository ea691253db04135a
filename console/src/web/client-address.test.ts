import { describe, expect, it } from 'vitest';
import { clientAddressResolver, trustedProxyProblem } from './client-address.js';

describe('clientAddressResolver', () => {
  const who = clientAddressResolver(['loopback', '10.0.0.0/8', '2001:db8::/32']);

  it('uses the TCP peer when it is not a trusted proxy, whatever the header says', () => {
    expect(who('198.51.100.9', '1.2.3.4')).toBe('198.51.100.9');
    expect(who('198.51.100.9', undefined)).toBe('198.51.100.9');
  });

  it('reads X-Forwarded-For from the right behind a trusted proxy, skipping trusted hops', () => {
    expect(who('127.0.0.1', '203.0.113.7')).toBe('203.0.113.7');
    expect(who('127.0.0.1', '203.0.113.7, 10.1.2.3')).toBe('203.0.113.7');
    // A client that sends its own header cannot choose its key: the proxy appended the real one.
    expect(who('127.0.0.1', '6.6.6.6, 203.0.113.7')).toBe('203.0.113.7');
    expect(who('::1', '2001:db8::5, 203.0.113.7')).toBe('203.0.113.7');
  });

  it('compares IPv4-mapped IPv6 peers and hops as IPv4', () => {
    expect(who('::ffff:127.0.0.1', '203.0.113.7')).toBe('203.0.113.7');
    expect(who('::ffff:198.51.100.9', '203.0.113.7')).toBe('198.51.100.9');
  });

  it('stops at a hop that is no address, and falls back to the last trusted hop when all are trusted', () => {
    expect(who('127.0.0.1', 'unknown, 203.0.113.7')).toBe('203.0.113.7');
    expect(who('127.0.0.1', '203.0.113.7, unknown')).toBe('127.0.0.1');
    expect(who('127.0.0.1', '10.0.0.1, 10.0.0.2')).toBe('10.0.0.1');
  });

  it('trusts nothing with an empty list', () => {
    expect(clientAddressResolver([])('127.0.0.1', '203.0.113.7')).toBe('127.0.0.1');
  });
});

describe('trustedProxyProblem', () => {
  it('accepts loopback, addresses and CIDRs, and names what is wrong otherwise', () => {
    for (const ok of ['loopback', '192.0.2.1', '10.0.0.0/8', '::1', '2001:db8::/32'])
      expect(trustedProxyProblem(ok)).toBeNull();
    expect(trustedProxyProblem('proxy.example')).toMatch(/not an IP address, a CIDR or "loopback"/);
    expect(trustedProxyProblem('10.0.0.0/33')).toMatch(/prefix length must be 0-32 for IPv4/);
    expect(trustedProxyProblem('10.0.0.0/x')).toMatch(/prefix length/);
  });
});
