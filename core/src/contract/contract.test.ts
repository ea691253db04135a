import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from './decode.js';
import type { EventMessage } from './messages.js';
import { allSitesFilter, parseSiteTopic, siteTopic } from './topics.js';

const event: EventMessage = {
  v: 1,
  kind: 'event',
  id: '0b6f3c1e-8f7a-4c55-9a51-2d0c6f0a9e11',
  siteId: 'acme-hq',
  bootId: 'c2b3d8a4-4f6e-4e0b-8e8e-0a5b8c3d2e1f',
  seq: 7,
  sentAt: '2026-11-23T15:00:05.000Z',
  uptimeMs: 120_000,
  condition: 'stations',
  change: 'raised',
  priority: 'P1',
  at: '2026-11-23T15:00:00.000Z',
  atUptimeMs: 115_000,
  detectedAt: '2026-11-23T15:00:00.000Z',
  summary: '40 of 48 stations not connected (83%)',
  detail: { down: 40, monitored: 48 },
};

describe('topics', () => {
  it('builds and parses site topics', () => {
    expect(siteTopic('acme-hq', 'events')).toBe('pbxwatch/v1/sites/acme-hq/events');
    expect(parseSiteTopic('pbxwatch/v1/sites/acme-hq/acks')).toEqual({ siteId: 'acme-hq', channel: 'acks' });
    expect(allSitesFilter('heartbeat')).toBe('pbxwatch/v1/sites/+/heartbeat');
  });

  it('rejects topics outside the contract', () => {
    expect(parseSiteTopic('pbxwatch/v2/sites/acme-hq/events')).toBeNull();
    expect(parseSiteTopic('pbxwatch/v1/sites/ACME/events')).toBeNull();
    expect(parseSiteTopic('pbxwatch/v1/sites/acme-hq/other')).toBeNull();
    expect(parseSiteTopic('pbxwatch/v1/sites/acme-hq/events/x')).toBeNull();
    expect(() => siteTopic('a/b', 'events')).toThrow(/invalid site id/);
    expect(() => siteTopic('+', 'events')).toThrow(/invalid site id/);
  });
});

describe('decodeMessage', () => {
  it('round-trips a valid event', () => {
    const r = decodeMessage('events', encodeMessage('events', event), 'acme-hq');
    expect(r).toEqual({ ok: true, message: event });
  });

  it('names the field that is wrong', () => {
    const r = decodeMessage('events', JSON.stringify({ ...event, priority: 'P9' }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe('invalid');
      expect(r.error).toMatch(/^priority: /);
    }
  });

  it('rejects non-JSON, oversize, and a payload speaking for another site', () => {
    expect(decodeMessage('events', '{nope')).toMatchObject({ ok: false, reason: 'not-json' });
    expect(decodeMessage('events', 'x'.repeat(70_000))).toMatchObject({ ok: false, reason: 'too-large' });
    expect(decodeMessage('events', JSON.stringify(event), 'other-site')).toMatchObject({
      ok: false,
      reason: 'wrong-site',
    });
  });

  it('refuses to encode an invalid message', () => {
    expect(() => encodeMessage('acks', { v: 1, kind: 'ack', ids: [] })).toThrow(/ids/);
  });
});
