import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';
import { csrfMatches, SessionStore } from './session-store.js';

describe('SessionStore', () => {
  it('creates random sessions, finds them, ends them on logout and after idling', () => {
    const clock = { t: 0 };
    const store = new SessionStore(() => clock.t, 1000);
    const a = store.create({ id: 1, username: 'alice', role: 'noc' });
    const b = store.create({ id: 1, username: 'alice', role: 'noc' });
    expect(a.id).not.toBe(b.id);
    expect(a.csrf).not.toBe(a.id);
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(store.get(a.id)?.username).toBe('alice');
    expect(store.get('nope')).toBeNull();
    expect(store.get(undefined)).toBeNull();
    store.destroy(a.id);
    expect(store.get(a.id)).toBeNull();
    clock.t = 999;
    expect(store.get(b.id)).not.toBeNull(); // touched: idle clock restarts
    clock.t = 1998;
    expect(store.get(b.id)).not.toBeNull();
    clock.t = 3000;
    expect(store.get(b.id)).toBeNull();
  });

  it('bounds memory: the oldest session goes when full', () => {
    const store = new SessionStore(() => 0, 1000, 2);
    const a = store.create({ id: 1, username: 'a', role: 'readonly' });
    store.create({ id: 2, username: 'b', role: 'readonly' });
    store.create({ id: 3, username: 'c', role: 'readonly' });
    expect(store.size).toBe(2);
    expect(store.get(a.id)).toBeNull();
  });
});

describe('csrfMatches', () => {
  it('accepts only the exact token', () => {
    expect(csrfMatches('abc', 'abc')).toBe(true);
    expect(csrfMatches('abc', 'abd')).toBe(false);
    expect(csrfMatches('abc', 'ab')).toBe(false);
    expect(csrfMatches('abc', '')).toBe(false);
    expect(csrfMatches('abc', undefined)).toBe(false);
    expect(csrfMatches('abc', ['abc'])).toBe(false);
  });
});

describe('RateLimiter', () => {
  it('refuses past the limit within a window, per key, and forgets after the window', () => {
    const clock = { t: 0 };
    const rl = new RateLimiter(2, 1000, () => clock.t);
    expect(rl.hit('a')).toBe(true);
    expect(rl.hit('a')).toBe(true);
    expect(rl.hit('a')).toBe(false);
    expect(rl.retryAfter('a')).toBe(1);
    expect(rl.hit('b')).toBe(true);
    clock.t = 1000;
    expect(rl.hit('a')).toBe(true);
    rl.hit('a');
    rl.hit('a');
    rl.reset('a');
    expect(rl.hit('a')).toBe(true);
  });
});
