import type { Clock } from '@pbxwatch/core';
import type { DeliveryResult, NoticeSender } from './delivery.js';
import { describeError } from './delivery.js';
import type { DeliveryConfig } from './delivery-config.js';
import type { QueuedNotice } from './queue.js';
import { signWebhook } from './webhook-signature.js';

/**
 * The secret to sign a notice with (looked up at send time, never copied into the queue), or
 * undefined when the recipient is gone.
 * @example
 * const secretFor: SecretLookup = (n) => selectRecipient(db, n.recipientKind, n.recipientId)?.webhookSecret ?? undefined;
 */
export type SecretLookup = (notice: QueuedNotice) => string | undefined;

// RFC 9110 §10.2.3: Retry-After is delay-seconds or an HTTP-date.
function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function classify(status: number, headers: Headers, now: number): DeliveryResult {
  const error = `HTTP ${status}`;
  if (status === 408 || status === 429) {
    return {
      ok: false,
      permanent: false,
      error,
      retryAfterMs: retryAfterMs(headers.get('retry-after'), now),
    };
  }
  // 3xx: a POST is not followed to another URL (it could leak the notice); fix the URL instead.
  if (status >= 300 && status < 500) return { ok: false, permanent: true, error };
  return { ok: false, permanent: false, error, retryAfterMs: retryAfterMs(headers.get('retry-after'), now) };
}

/**
 * Webhooks: POST of the queued JSON body with `X-Pbxwatch-Signature` (see webhook-signature.ts)
 * and `X-Pbxwatch-Event-Id` (idempotency key; the same on every attempt). 2xx is delivered; 408,
 * 429, 5xx and network errors are retried; other 3xx/4xx are permanent.
 * @example
 * const hooks = createWebhookSender(config.webhook, clock, secretFor);
 * await hooks.send(notice);
 */
export function createWebhookSender(
  cfg: DeliveryConfig['webhook'],
  clock: Clock,
  secretFor: SecretLookup,
): NoticeSender {
  return {
    async send(n: QueuedNotice): Promise<DeliveryResult> {
      const secret = secretFor(n);
      if (!secret)
        return { ok: false, permanent: true, error: 'recipient or its webhook secret no longer exists' };
      const t = Math.floor(clock.now() / 1000);
      try {
        const res = await fetch(n.address, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(cfg.timeoutMs),
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': cfg.userAgent,
            'X-Pbxwatch-Event-Id': n.eventId,
            'X-Pbxwatch-Signature': signWebhook(n.payload, secret, t),
          },
          body: n.payload,
        });
        await res.arrayBuffer().catch(() => undefined); // drain, so the connection can be reused
        if (res.ok) return { ok: true, messageId: n.eventId };
        return classify(res.status, res.headers, clock.now());
      } catch (err) {
        return { ok: false, permanent: false, error: describeError(err) };
      }
    },
    close() {},
  };
}
