/**
 * Watches the byte stream of one MQTT connection and reports the first packet whose declared size
 * exceeds a limit. It reads only fixed headers (type byte + Remaining Length, MQTT 3.1.1 §2.2.3),
 * so an oversized packet is caught as soon as its header arrives, before its body is buffered.
 * @example
 * const guard = new FrameGuard(65536);
 * const bad = guard.feed(chunk); // null, or { size } of the first oversized or malformed packet
 */
export class FrameGuard {
  /** 0: expecting a type byte; 1: reading Remaining Length; 2: skipping a body. */
  private state = 0;
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private remaining = 0;

  constructor(private readonly maxPacketBytes: number) {}

  /** Scans a chunk; returns the offending packet size (or -1 if malformed), else null. */
  feed(chunk: Uint8Array): { size: number } | null {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.state === 2) {
        const skip = Math.min(this.remaining, n - i);
        i += skip;
        this.remaining -= skip;
        if (this.remaining === 0) this.state = 0;
        continue;
      }
      const b = chunk[i++] as number;
      if (this.state === 0) {
        this.state = 1;
        this.length = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
        continue;
      }
      this.length += (b & 0x7f) * this.multiplier;
      this.multiplier *= 128;
      this.lengthBytes++;
      if (b & 0x80) {
        // §2.2.3: at most four bytes of Remaining Length
        if (this.lengthBytes >= 4) return { size: -1 };
        continue;
      }
      const size = 1 + this.lengthBytes + this.length;
      if (size > this.maxPacketBytes) return { size };
      this.remaining = this.length;
      this.state = this.remaining === 0 ? 0 : 2;
    }
    return null;
  }
}
