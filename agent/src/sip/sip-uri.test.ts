import { describe, expect, it } from 'vitest';
import { defaultPort, formatHost, parseSipUri, uriTransport } from './sip-uri.js';

describe('parseSipUri', () => {
  it('reads user, host, port and the transport parameter', () => {
    expect(parseSipUri('sip:100@10.0.0.5:5062;transport=TCP')).toMatchObject({
      scheme: 'sip',
      user: '100',
      host: '10.0.0.5',
      port: 5062,
      transportParam: 'tcp',
    });
    expect(parseSipUri('sip:pbx.example.com')).toEqual({
      scheme: 'sip',
      host: 'pbx.example.com',
      text: 'sip:pbx.example.com',
    });
    expect(parseSipUri('sips:[2001:db8::1]:5071')).toMatchObject({
      scheme: 'sips',
      host: '2001:db8::1',
      port: 5071,
    });
    expect(parseSipUri('sip:alice:secret@host;lr?subject=x')).toMatchObject({ user: 'alice', host: 'host' });
  });

  it.each(['', 'http://pbx', 'sip:', 'sip:host:99999', 'sip:host:port', 'pbx:5060', 'sip:[zz]'])(
    'rejects %j with a message naming the URI',
    (uri) => {
      expect(() => parseSipUri(uri)).toThrow(/SIP URI/);
    },
  );

  it('derives the transport and default port (RFC 3261 §19.1)', () => {
    expect(uriTransport(parseSipUri('sips:pbx'))).toBe('tls');
    expect(uriTransport(parseSipUri('sip:pbx;transport=tcp'))).toBe('tcp');
    expect(uriTransport(parseSipUri('sip:pbx'))).toBe('udp');
    expect(() => uriTransport(parseSipUri('sip:pbx;transport=sctp'))).toThrow(/sctp/);
    expect(defaultPort('udp')).toBe(5060);
    expect(defaultPort('tls')).toBe(5061);
    expect(formatHost('::1')).toBe('[::1]');
    expect(formatHost('10.0.0.1')).toBe('10.0.0.1');
  });
});
