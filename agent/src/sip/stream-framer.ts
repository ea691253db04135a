/**
 * Cutting SIP messages off a TCP/TLS byte stream by Content-Length (RFC 3261 §18.3).
 */

/** Largest header section accepted before the stream is declared broken. */
const MAX_HEADER_BYTES = 64 * 1024;
/** Largest body accepted; an OPTIONS response body is a small SDP at most. */
const MAX_BODY_BYTES = 1024 * 1024;

/** What {@link SipStreamFramer.push} found in the bytes so far. */
export interface FramerOutput {
  messages: Buffer[];
  /** Set when the stream cannot be framed any further; the connection should be closed. */
  error?: string;
}

/**
 * Accumulates stream bytes and returns whole messages.
 * @example
 * const framer = new SipStreamFramer();
 * socket.on('data', (chunk) => {
 *   const { messages, error } = framer.push(chunk);
 *   for (const m of messages) handle(parseSipMessage(m));
 *   if (error) socket.destroy();
 * });
 */
export class SipStreamFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private broken: string | undefined;

  push(chunk: Buffer): FramerOutput {
    if (this.broken) return { messages: [], error: this.broken };
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const messages: Buffer[] = [];
    for (;;) {
      // RFC 5626 §3.5.1 / RFC 3261 §7.5: CRLF keep-alives between messages are skipped.
      let skip = 0;
      while (skip < this.buffer.length && (this.buffer[skip] === 0x0d || this.buffer[skip] === 0x0a)) skip++;
      if (skip > 0) this.buffer = this.buffer.subarray(skip);
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.buffer.length > MAX_HEADER_BYTES) return this.fail('header section too large', messages);
        return { messages };
      }
      const head = this.buffer.subarray(0, end).toString('utf8');
      // RFC 3261 §18.3: Content-Length is mandatory over stream transports.
      const m = /(?:^|\r\n)(?:content-length|l)[ \t]*:[ \t]*(\d+)[ \t]*(?=\r\n|$)/i.exec(head);
      if (!m) return this.fail('message without Content-Length on a stream', messages);
      const length = Number(m[1]);
      if (length > MAX_BODY_BYTES) return this.fail(`Content-Length ${length} too large`, messages);
      const total = end + 4 + length;
      if (this.buffer.length < total) return { messages };
      messages.push(this.buffer.subarray(0, total));
      this.buffer = this.buffer.subarray(total);
    }
  }

  private fail(error: string, messages: Buffer[]): FramerOutput {
    this.broken = error;
    this.buffer = Buffer.alloc(0);
    return { messages, error };
  }
}
