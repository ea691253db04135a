import { describe, expect, it } from 'vitest';
import { MicroCache } from './micro-cache.js';

describe('MicroCache', () => {
  it('hits only within the same time bucket and data version', () => {
    let t = 10_000;
    const c = new MicroCache(1000, () => t);
    c.set('k', 1, 'a');
    expect(c.get('k', 1)).toBe('a');
    expect(c.get('k', 2)).toBeUndefined();
    t += 1000;
    expect(c.get('k', 1)).toBeUndefined();
    expect(new MicroCache(0, () => t).set('k', 1, 'b')).toBe('b');
  });
});
