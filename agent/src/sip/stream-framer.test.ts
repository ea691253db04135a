import { describe, expect, it } from 'vitest';
import { SipStreamFramer } from './stream-framer.js';

const msg = (body = '') =>
  `SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP h:1;branch=z9hG4bK1\r\nl: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('SipStreamFramer', () => {
  it('cuts messages by Content-Length across arbitrary chunk boundaries (RFC 3261 §18.3)', () => {
    const stream = Buffer.from(`\r\n${msg('v=0\r\n')}${msg()}\r\n\r\n${msg('é')}`);
    for (const size of [1, 3, 7, stream.length]) {
      const framer = new SipStreamFramer();
      const out: string[] = [];
      for (let i = 0; i < stream.length; i += size) {
        const r = framer.push(stream.subarray(i, i + size));
        expect(r.error).toBeUndefined();
        out.push(...r.messages.map((m) => m.toString('utf8')));
      }
      expect(out).toEqual([msg('v=0\r\n'), msg(), msg('é')]);
    }
  });

  it('breaks the stream on a message without Content-Length, and stays broken', () => {
    const framer = new SipStreamFramer();
    const r = framer.push(Buffer.from('SIP/2.0 200 OK\r\nVia: x\r\n\r\n'));
    expect(r.error).toMatch(/Content-Length/);
    expect(framer.push(Buffer.from(msg())).error).toMatch(/Content-Length/);
  });

  it('breaks the stream on an endless header section', () => {
    const framer = new SipStreamFramer();
    const r = framer.push(Buffer.alloc(70 * 1024, 'a'));
    expect(r.error).toMatch(/too large/);
  });
});
