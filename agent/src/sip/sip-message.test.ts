import { describe, expect, it } from 'vitest';
import { classifyIncoming } from './probe-stats.js';
import { canonicalHeaderName, header, parseCSeq, parseSipMessage, topViaBranch } from './sip-message.js';

const crlf = (...lines: string[]) => lines.join('\r\n');

const OK = crlf(
  'SIP/2.0 200 OK',
  'Via: SIP/2.0/UDP 10.0.0.2:40000;branch=z9hG4bKabc;rport=40000;received=10.0.0.2',
  'From: "pbxwatch" <sip:pbxwatch@10.0.0.2:40000>;tag=f1',
  'To: <sip:10.0.0.5>;tag=t9',
  'Call-ID: c1@10.0.0.2',
  'CSeq: 1 OPTIONS',
  'Content-Length: 0',
  '',
  '',
);

describe('parseSipMessage', () => {
  it('parses a status line, headers, CSeq and the Via branch', () => {
    const r = parseSipMessage(OK);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.message).toMatchObject({ kind: 'response', status: 200, reason: 'OK', body: '' });
    expect(header(r.message, 'call-id')).toBe('c1@10.0.0.2');
    expect(parseCSeq(r.message)).toEqual({ seq: 1, method: 'OPTIONS' });
    expect(topViaBranch(r.message)).toBe('z9hG4bKabc');
  });

  it('expands compact header forms (RFC 3261 §7.3.3)', () => {
    const r = parseSipMessage(
      crlf(
        'SIP/2.0 404 Not Found',
        'v: SIP/2.0/UDP 10.0.0.2:40000;branch=z9hG4bKc0mp',
        'f: <sip:a@b>;tag=1',
        't: <sip:c@d>;tag=2',
        'i: compact@x',
        'CSeq: 7 OPTIONS',
        'l: 0',
        '',
        '',
      ),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.message.status).toBe(404);
    expect(header(r.message, 'i')).toBe('compact@x');
    expect(header(r.message, 'from')).toBe('<sip:a@b>;tag=1');
    expect(topViaBranch(r.message)).toBe('z9hG4bKc0mp');
    expect(canonicalHeaderName('L')).toBe('content-length');
  });

  it('unfolds continuation lines (RFC 3261 §7.3.1)', () => {
    const r = parseSipMessage(
      crlf(
        'SIP/2.0 200 OK',
        'Via: SIP/2.0/UDP 10.0.0.2:40000',
        '   ;branch=z9hG4bKfold',
        'From: <sip:a@b>;tag=1',
        'To: <sip:c@d>',
        'Subject: I know you are there,',
        '\tpick up the phone',
        'Call-ID: f@x',
        'CSeq: 1 OPTIONS',
        '',
        '',
      ),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(topViaBranch(r.message)).toBe('z9hG4bKfold');
    expect(header(r.message, 'subject')).toBe('I know you are there, pick up the phone');
  });

  it('splits comma-separated Via values and keeps their order', () => {
    const r = parseSipMessage(OK.replace('Via: ', 'Via: SIP/2.0/UDP proxy:5060;branch=z9hG4bKtop, '));
    expect(r.ok && r.message.headers.get('via')).toHaveLength(2);
    expect(r.ok && topViaBranch(r.message)).toBe('z9hG4bKtop');
  });

  it('honours Content-Length: truncates a longer body, rejects a shorter one (RFC 3261 §18.3)', () => {
    const withBody = OK.replace('Content-Length: 0', 'Content-Length: 4').concat('v=0\r\nextra');
    const r = parseSipMessage(withBody);
    expect(r.ok && r.message.body).toBe('v=0\r');
    const short = parseSipMessage(OK.replace('Content-Length: 0', 'Content-Length: 99'));
    expect(short).toEqual({ ok: false, error: expect.stringMatching(/shorter/) });
  });

  it.each([
    ['empty', ''],
    ['binary garbage', '\u0000\u0001\u0002\xff\r\n\r\n'],
    ['HTTP', 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'],
    ['status out of range', OK.replace('200 OK', '999 Nope')],
    ['no blank line', OK.slice(0, OK.indexOf('\r\n\r\n'))],
    ['missing CSeq', OK.replace('CSeq: 1 OPTIONS\r\n', '')],
    ['bad CSeq', OK.replace('CSeq: 1 OPTIONS', 'CSeq: one OPTIONS')],
    ['missing Via', OK.replace(/Via: [^\r]*\r\n/, '')],
    ['bad Content-Length', OK.replace('Content-Length: 0', 'Content-Length: x')],
    ['header without colon', OK.replace('Call-ID: c1@10.0.0.2', 'Call-ID c1')],
    ['continuation first', OK.replace('\r\nVia:', '\r\n Via:')],
  ])('rejects %s without throwing', (_name, text) => {
    const r = parseSipMessage(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.length).toBeGreaterThan(0);
  });

  it('accepts leading CRLFs and a request start line', () => {
    const r = parseSipMessage(`\r\n\r\n${OK.replace('SIP/2.0 200 OK', 'OPTIONS sip:x@y SIP/2.0')}`);
    expect(r.ok && r.message).toMatchObject({ kind: 'request', method: 'OPTIONS', uri: 'sip:x@y' });
  });
});

describe('classifyIncoming', () => {
  it('gives the branch and CSeq method of a response', () => {
    expect(classifyIncoming(OK)).toMatchObject({ kind: 'response', branch: 'z9hG4bKabc', method: 'OPTIONS' });
  });

  it('flags a response with two Vias as unmatchable (RFC 3261 §18.1.2)', () => {
    const twoVias = OK.replace('Via: ', 'Via: SIP/2.0/UDP proxy:5060;branch=z9hG4bKx\r\nVia: ');
    expect(classifyIncoming(twoVias)).toMatchObject({ kind: 'unmatchable', why: 'more than one Via' });
  });

  it('flags requests as unmatchable and garbage as malformed', () => {
    expect(classifyIncoming(OK.replace('SIP/2.0 200 OK', 'NOTIFY sip:a@b SIP/2.0')).kind).toBe('unmatchable');
    expect(classifyIncoming(Buffer.from([0xde, 0xad, 0xbe, 0xef])).kind).toBe('malformed');
  });
});
