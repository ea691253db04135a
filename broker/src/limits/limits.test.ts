import { describe, expect, it } from 'vitest';
import { manualClock } from '../test-helpers/broker-fixture.js';
import { FrameGuard } from './frame-guard.js';
import { LoginThrottle } from './login-throttle.js';
import { TokenBucket } from './token-bucket.js';

describe('FrameGuard', () => {
  const publish = (bodyLen: number) => {
    const len: number[] = [];
    let x = bodyLen;
    do {
      let b = x % 128;
      x = Math.floor(x / 128);
      if (x > 0) b |= 0x80;
      len.push(b);
    } while (x > 0);
    return Buffer.concat([Buffer.from([0x30, ...len]), Buffer.alloc(bodyLen)]);
  };

  it('passes packets within the limit, split anywhere, and catches the first oversized header', () => {
    const g = new FrameGuard(1000);
    const stream = Buffer.concat([publish(10), publish(0), publish(995), publish(997)]);
    // 997 bytes of body + 1 type + 2 length bytes = 1000: allowed; the next one is not.
    for (let i = 0; i < stream.length; i += 7) expect(g.feed(stream.subarray(i, i + 7))).toBeNull();
    expect(g.feed(publish(998).subarray(0, 3))).toEqual({ size: 1001 });
  });

  it('flags a Remaining Length longer than four bytes as malformed', () => {
    expect(new FrameGuard(1 << 30).feed(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x7f]))).toEqual({
      size: -1,
    });
  });
});

describe('TokenBucket', () => {
  it('allows a burst, then refills at the rate, and survives a clock stepping back', () => {
    const clock = manualClock();
    const b = new TokenBucket({ perSecond: 2, burst: 3 }, clock);
    expect([b.take(), b.take(), b.take(), b.take()]).toEqual([true, true, true, false]);
    clock.advance(500);
    expect([b.take(), b.take()]).toEqual([true, false]);
    clock.advance(-10_000);
    expect(b.take()).toBe(false);
  });
});

describe('LoginThrottle', () => {
  it('doubles the delay per failure from one address, caps it, and forgets after a quiet period', () => {
    const clock = manualClock();
    const t = new LoginThrottle(
      { baseDelayMs: 100, maxDelayMs: 500, forgetAfterMs: 60_000, maxAddresses: 2 },
      clock,
    );
    expect([t.fail('a'), t.fail('a'), t.fail('a'), t.fail('a'), t.fail('a')]).toEqual([
      100, 200, 400, 500, 500,
    ]);
    expect(t.fail('b')).toBe(100);
    clock.advance(60_000);
    expect(t.fail('a')).toBe(100);
    t.fail('c'); // evicts the oldest address, b
    expect(t.count('b')).toBe(0);
  });
});
