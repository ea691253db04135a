import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Seconds a receiver should accept between the signature's timestamp and its own clock, either
 * way: 5 minutes, as Stripe's scheme. A replayed request older than that is refused.
 * @example
 * verifyWebhookSignature({ ..., toleranceSeconds: WEBHOOK_TOLERANCE_SECONDS });
 */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

function hmac(secret: string, t: number, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
}

/**
 * The `X-Pbxwatch-Signature` header value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
 * keyed with the recipient's secret. The timestamp is signed with the body, so it cannot be changed
 * to replay an old delivery.
 * @example
 * signWebhook('{"id":"1"}', 'shh-a-long-secret', 1767225600); // 't=1767225600,v1=…'
 */
export function signWebhook(body: string, secret: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmac(secret, unixSeconds, body)}`;
}

/**
 * Result of {@link verifyWebhookSignature}.
 * @example
 * const r: WebhookVerification = { ok: false, reason: 'timestamp outside the tolerance' };
 */
export type WebhookVerification = { ok: true; timestamp: number } | { ok: false; reason: string };

/**
 * What a receiver does with a delivery: parse the header, recompute the HMAC over the *raw* body
 * bytes as received, compare in constant time, and refuse a timestamp more than `toleranceSeconds`
 * away from its clock (replay window). Several `v1=` values are accepted (secret rotation). Then it
 * should dedupe on `X-Pbxwatch-Event-Id`: delivery is at least once.
 * @example
 * const r = verifyWebhookSignature({ header: req.headers['x-pbxwatch-signature'], body: raw, secret, now: Date.now() });
 * if (!r.ok) return res.writeHead(401).end(r.reason);
 */
export function verifyWebhookSignature(args: {
  header: string | string[] | undefined;
  body: string;
  secret: string;
  now: number;
  toleranceSeconds?: number;
}): WebhookVerification {
  const header = Array.isArray(args.header) ? args.header[0] : args.header;
  if (!header) return { ok: false, reason: 'missing signature header' };
  let t: number | undefined;
  const sigs: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && v && /^\d+$/.test(v)) t = Number(v);
    else if (k === 'v1' && v) sigs.push(v);
  }
  if (t === undefined || sigs.length === 0) return { ok: false, reason: 'malformed signature header' };
  const tolerance = args.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  if (Math.abs(args.now / 1000 - t) > tolerance)
    return { ok: false, reason: 'timestamp outside the tolerance' };
  const expected = Buffer.from(hmac(args.secret, t, args.body), 'hex');
  const match = sigs.some((s) => {
    const got = Buffer.from(s, 'hex');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
  return match ? { ok: true, timestamp: t } : { ok: false, reason: 'signature mismatch' };
}
