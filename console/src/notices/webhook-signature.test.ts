import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

const secret = 'whsec-0123456789abcdef';
const body = '{"id":"e1","type":"ticket.opened"}';
const now = 1_767_225_600_000;

describe('webhook signature', () => {
  it('is t=<seconds>,v1=<hex HMAC-SHA256 of "t.body">, checkable with plain node:crypto', () => {
    const header = signWebhook(body, secret, now / 1000);
    const expected = createHmac('sha256', secret)
      .update(`${now / 1000}.${body}`)
      .digest('hex');
    expect(header).toBe(`t=${now / 1000},v1=${expected}`);
    expect(verifyWebhookSignature({ header, body, secret, now })).toEqual({
      ok: true,
      timestamp: now / 1000,
    });
  });

  it('refuses a changed body, a wrong secret, a changed timestamp, and malformed headers', () => {
    const header = signWebhook(body, secret, now / 1000);
    expect(verifyWebhookSignature({ header, body: body.replace('e1', 'e2'), secret, now }).ok).toBe(false);
    expect(verifyWebhookSignature({ header, body, secret: `${secret}x`, now }).ok).toBe(false);
    const moved = header.replace(`t=${now / 1000}`, `t=${now / 1000 + 1}`);
    expect(verifyWebhookSignature({ header: moved, body, secret, now })).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    for (const bad of [undefined, '', 'v1=abc', 't=abc,v1=00', `t=${now / 1000}`]) {
      expect(verifyWebhookSignature({ header: bad, body, secret, now }).ok).toBe(false);
    }
  });

  it('accepts within the 5-minute replay window either way, and refuses beyond it', () => {
    const header = signWebhook(body, secret, now / 1000);
    expect(verifyWebhookSignature({ header, body, secret, now: now + 300_000 }).ok).toBe(true);
    expect(verifyWebhookSignature({ header, body, secret, now: now - 300_000 }).ok).toBe(true);
    expect(verifyWebhookSignature({ header, body, secret, now: now + 301_000 })).toEqual({
      ok: false,
      reason: 'timestamp outside the tolerance',
    });
  });

  it('accepts any of several v1 signatures (secret rotation)', () => {
    const a = signWebhook(body, 'old-secret-0123456789', now / 1000);
    const b = signWebhook(body, secret, now / 1000).split(',')[1];
    expect(verifyWebhookSignature({ header: `${a},${b}`, body, secret, now }).ok).toBe(true);
  });
});
