import { describe, expect, it } from 'vitest';
import { iso } from './http-types.js';

describe('iso', () => {
  it('is exactly toISOString for instants of every kind', () => {
    const edge = [
      0,
      1,
      999,
      1000,
      86_399_999,
      86_400_000,
      951_782_400_000,
      951_868_799_999,
      4_107_542_400_000,
      253_402_300_799_999,
      253_402_300_800_000,
      8.64e15,
      -1,
      -62_198_755_200_000,
      -8.64e15,
      1.5,
      Date.parse('2026-11-25T16:30:00-06:00'),
      Date.parse('2100-02-28T23:59:59.999Z'),
    ];
    // A fixed pseudo-random walk over 0…year 9999 (no Math.random: a failure must reproduce).
    let x = 12_345;
    const walk = Array.from({ length: 20_000 }, () => {
      x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
      return Math.floor((x / 2 ** 31) * 253_402_300_800_000);
    });
    for (const ms of [...edge, ...walk]) expect(iso(ms)).toBe(new Date(ms).toISOString());
  });

  it('keeps null and undefined as null, and rejects what toISOString rejects', () => {
    expect(iso(null)).toBeNull();
    expect(iso(undefined)).toBeNull();
    expect(() => iso(Number.NaN)).toThrow(RangeError);
    expect(() => iso(8.64e15 + 1)).toThrow(RangeError);
  });
});
