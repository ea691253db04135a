import { describe, expect, it } from 'vitest';
import { buildOptionsRequest } from './options-request.js';
import { BRANCH_COOKIE, newBranch, newCallId, newTag } from './sip-ids.js';
import { header, parseCSeq, parseSipMessage, topViaBranch } from './sip-message.js';
import { parseSipUri } from './sip-uri.js';

const base = {
  localHost: '10.0.0.2',
  localPort: 40000,
  branch: 'z9hG4bKtest1',
  callId: 'cid@10.0.0.2',
  fromTag: 'ftag',
  cseq: 1,
  userAgent: 'pbxwatch-agent/0.1.0',
};

describe('buildOptionsRequest', () => {
  it('builds the RFC 3261 §8.1.1 header set over UDP', () => {
    const text = buildOptionsRequest({
      ...base,
      target: parseSipUri('sip:100@10.0.0.5:5062'),
      transport: 'udp',
    });
    expect(text.endsWith('\r\n\r\n')).toBe(true);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('OPTIONS sip:100@10.0.0.5:5062 SIP/2.0');
    expect(lines).toContain('Via: SIP/2.0/UDP 10.0.0.2:40000;branch=z9hG4bKtest1;rport');
    expect(lines).toContain('Max-Forwards: 70');
    expect(lines).toContain('To: <sip:100@10.0.0.5:5062>');
    expect(lines).toContain('From: "pbxwatch" <sip:pbxwatch@10.0.0.2:40000>;tag=ftag');
    expect(lines).toContain('Call-ID: cid@10.0.0.2');
    expect(lines).toContain('CSeq: 1 OPTIONS');
    expect(lines).toContain('Contact: <sip:pbxwatch@10.0.0.2:40000>');
    expect(lines).toContain('Accept: application/sdp');
    expect(lines).toContain('User-Agent: pbxwatch-agent/0.1.0');
    expect(lines).toContain('Content-Length: 0');
  });

  it('names TCP/TLS in Via and Contact, and brackets IPv6', () => {
    const tcp = buildOptionsRequest({
      ...base,
      target: parseSipUri('sip:pbx;transport=tcp'),
      transport: 'tcp',
    });
    expect(tcp).toContain('OPTIONS sip:pbx;transport=tcp SIP/2.0\r\n');
    expect(tcp).toContain('Via: SIP/2.0/TCP 10.0.0.2:40000;');
    expect(tcp).toContain('Contact: <sip:pbxwatch@10.0.0.2:40000;transport=tcp>');
    const tls = buildOptionsRequest({
      ...base,
      localHost: '::1',
      target: parseSipUri('sips:[::1]'),
      transport: 'tls',
    });
    expect(tls).toContain('Via: SIP/2.0/TLS [::1]:40000;');
    expect(tls).toContain('Contact: <sips:pbxwatch@[::1]:40000;transport=tls>');
  });

  it('round-trips through the parser', () => {
    const text = buildOptionsRequest({ ...base, target: parseSipUri('sip:10.0.0.5'), transport: 'udp' });
    const r = parseSipMessage(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.message).toMatchObject({ kind: 'request', method: 'OPTIONS', uri: 'sip:10.0.0.5' });
    expect(topViaBranch(r.message)).toBe('z9hG4bKtest1');
    expect(parseCSeq(r.message)).toEqual({ seq: 1, method: 'OPTIONS' });
    expect(header(r.message, 'max-forwards')).toBe('70');
  });
});

describe('identifiers', () => {
  it('makes branches with the magic cookie (RFC 3261 §8.1.1.7), unique tags and Call-IDs', () => {
    const branches = new Set(Array.from({ length: 1000 }, newBranch));
    expect(branches.size).toBe(1000);
    for (const b of branches) expect(b.startsWith(BRANCH_COOKIE)).toBe(true);
    expect(newTag()).not.toBe(newTag());
    expect(newCallId('10.0.0.2')).toMatch(/^[0-9a-f]{24}@10\.0\.0\.2$/);
  });
});
