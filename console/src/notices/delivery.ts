import type { QueuedNotice } from './queue.js';

/**
 * Outcome of one delivery attempt. A transient failure is retried with backoff (`retryAfterMs`, from
 * an HTTP `Retry-After`, is a lower bound); a permanent one is not.
 * @example
 * const r: DeliveryResult = { ok: false, permanent: true, error: 'HTTP 404' };
 */
export type DeliveryResult =
  | { ok: true; messageId: string }
  | { ok: false; permanent: boolean; error: string; retryAfterMs?: number };

/**
 * Sends queued notices over one channel. Implementations never throw: they return a result.
 * @example
 * const sender: NoticeSender = { send: async (n) => ({ ok: true, messageId: n.eventId }), close: () => {} };
 */
export interface NoticeSender {
  send(notice: QueuedNotice): Promise<DeliveryResult>;
  close(): void;
}

/**
 * A short one-line description of an error for logs and `last_error`.
 * @example
 * describeError(new Error('connect ECONNREFUSED')); // 'connect ECONNREFUSED'
 */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const msg = err.message.replace(/\s+/g, ' ').slice(0, 500);
    return typeof code === 'string' && !msg.includes(code) ? `${code}: ${msg}` : msg;
  }
  return String(err).slice(0, 500);
}
