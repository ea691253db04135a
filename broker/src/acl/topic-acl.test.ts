import { describe, expect, it } from 'vitest';
import { canPublish, canReceive, canSubscribe, type Identity } from './topic-acl.js';

const site: Identity = { username: 'acme-hq', role: 'site', siteId: 'acme-hq' };
const noc: Identity = { username: 'console', role: 'console' };
const T = (s: string, c: string) => `pbxwatch/v1/sites/${s}/${c}`;

describe('topic ACL', () => {
  it('lets a site publish its own agent channels only', () => {
    for (const ch of ['events', 'telemetry', 'heartbeat', 'status'])
      expect(canPublish(site, T('acme-hq', ch))).toBeNull();
    expect(canPublish(site, T('other', 'events'))).toMatch(/own topics/);
    expect(canPublish(site, T('acme-hq', 'acks'))).toMatch(/acks/);
    expect(canPublish(site, T('+', 'events'))).toMatch(/MQTT-3.3.2-2/);
    expect(canPublish(site, '$SYS/broker/x')).toMatch(/reserved/);
    expect(canPublish(site, `${T('acme-hq', 'events')}\u0000`)).toMatch(/U\+0000/);
    expect(canPublish(site, `${T('acme-hq', 'events')}/more`)).toMatch(/not a pbxwatch/);
    expect(canPublish(site, '')).toMatch(/empty/);
  });

  it('lets the console publish acks to any site and nothing else', () => {
    expect(canPublish(noc, T('acme-hq', 'acks'))).toBeNull();
    expect(canPublish(noc, T('acme-hq', 'events'))).toMatch(/only acks/);
    expect(canPublish(noc, T('+', 'acks'))).toMatch(/wildcards/);
  });

  it('lets a site subscribe to its own acks exactly', () => {
    expect(canSubscribe(site, T('acme-hq', 'acks'))).toBeNull();
    for (const f of [
      '#',
      T('acme-hq', '+'),
      T('+', 'acks'),
      T('other', 'acks'),
      'pbxwatch/v1/sites/acme-hq/#',
      '$SYS/#',
    ]) {
      expect(canSubscribe(site, f), f).not.toBeNull();
    }
  });

  it('lets the console subscribe across sites inside the tree only', () => {
    for (const f of [
      T('+', 'events'),
      T('+', '+'),
      T('acme-hq', '#'),
      'pbxwatch/v1/sites/#',
      T('acme-hq', 'status'),
    ]) {
      expect(canSubscribe(noc, f), f).toBeNull();
    }
    for (const f of [
      '#',
      '+/+/+/+/+',
      '$SYS/#',
      'pbxwatch/v1/#',
      T('+', 'nope'),
      T('Bad!', 'events'),
      `${T('+', 'events')}/x`,
    ]) {
      expect(canSubscribe(noc, f), f).not.toBeNull();
    }
  });

  it('forwards to a site only its own acks', () => {
    expect(canReceive(site, T('acme-hq', 'acks'))).toBe(true);
    expect(canReceive(site, T('other', 'acks'))).toBe(false);
    expect(canReceive(site, T('acme-hq', 'events'))).toBe(false);
    expect(canReceive(noc, T('other', 'events'))).toBe(true);
    expect(canReceive(noc, '$SYS/x')).toBe(false);
  });
});
