import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature, type WebhookVerification } from '../webhook-signature.js';

/**
 * One request as the receiver saw it, with its own verification of the signature.
 * @example
 * expect(sink.received[0]!.verification.ok).toBe(true);
 */
export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
  verification: WebhookVerification;
}

/**
 * A real HTTP webhook receiver on 127.0.0.1:0 that verifies each signature with `secret` against
 * `now()`, answering with the next status of `statuses` (then 200), as a customer's endpoint would.
 * @example
 * const sink = await startWebhookSink({ secret, now: () => time.now(), statuses: [503] });
 */
export async function startWebhookSink(opts: { secret: string; now: () => number; statuses?: number[] }) {
  const received: ReceivedHook[] = [];
  const statuses = [...(opts.statuses ?? [])];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const verification = verifyWebhookSignature({
        header: req.headers['x-pbxwatch-signature'],
        body,
        secret: opts.secret,
        now: opts.now(),
      });
      received.push({ headers: req.headers, body, verification });
      const status = verification.ok ? (statuses.shift() ?? 200) : 401;
      res.writeHead(status, status === 429 ? { 'Retry-After': '120' } : {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pbxwatch`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
