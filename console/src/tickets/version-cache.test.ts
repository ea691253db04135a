import { describe, expect, it } from 'vitest';
import { VersionCache } from './version-cache.js';

describe('VersionCache', () => {
  it('answers only for the version a value was stored under', () => {
    const c = new VersionCache<string, number>(10);
    expect(c.get('a', 1)).toBeUndefined();
    expect(c.set('a', 1, 7)).toBe(7);
    expect(c.get('a', 1)).toBe(7);
    expect(c.get('a', 2)).toBeUndefined();
    c.set('b', 2, 8);
    // A newer version dropped everything older, even when asked for the old version again.
    expect(c.get('a', 1)).toBeUndefined();
    expect(c.get('b', 2)).toBe(8);
  });

  it('keeps at most max entries', () => {
    const c = new VersionCache<number, number>(2);
    c.set(1, 0, 1);
    c.set(2, 0, 2);
    c.set(3, 0, 3);
    expect([c.get(1, 0), c.get(2, 0), c.get(3, 0)]).toEqual([undefined, undefined, 3]);
  });

  it('tells a key asked for again at one version from one asked for once', () => {
    const c = new VersionCache<string, number>(10);
    expect(c.missedBefore('a', 1)).toBe(false);
    expect(c.missedBefore('a', 1)).toBe(true);
    expect(c.missedBefore('a', 2)).toBe(false);
    c.set('b', 3, 1);
    expect(c.missedBefore('a', 3)).toBe(false);
  });
});
