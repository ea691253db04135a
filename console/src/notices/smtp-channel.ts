import type { Clock } from '@pbxwatch/core';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DeliveryResult, NoticeSender } from './delivery.js';
import { describeError } from './delivery.js';
import type { DeliveryConfig } from './delivery-config.js';
import type { QueuedNotice } from './queue.js';

type SmtpConfig = NonNullable<DeliveryConfig['smtp']>;

/**
 * The stable Message-ID of a notice: the same on every attempt, so a mail that went out twice
 * (a crash between the server's 250 and our commit) can be deduplicated by the receiver.
 * @example
 * smtpMessageId('3f0c-…', 'provider.test'); // '<3f0c-…@provider.test>'
 */
export function smtpMessageId(eventId: string, domain: string): string {
  return `<${eventId}@${domain}>`;
}

function domainOf(cfg: SmtpConfig): string {
  return cfg.messageIdDomain ?? /@([^>\s]+)/.exec(cfg.from)?.[1] ?? 'pbxwatch.invalid';
}

// RFC 5321 §4.2.1: 5yz replies are permanent negative completions, 4yz transient. Errors without a
// reply (connection refused, timeout, TLS) are transient: the server may come back.
function classify(err: unknown): DeliveryResult {
  const code = (err as { responseCode?: unknown }).responseCode;
  const permanent = typeof code === 'number' && code >= 500 && code < 600;
  return { ok: false, permanent, error: describeError(err) };
}

/**
 * Email over SMTP with nodemailer. One transport (a connection per message) for the sender's life;
 * `close()` releases it. Each mail carries the rendered subject, text and HTML, the stable
 * Message-ID, `X-Pbxwatch-Event-Id`, and `Auto-Submitted: auto-generated` (RFC 3834 §5) so that
 * auto-responders stay quiet.
 * @example
 * const smtp = createSmtpSender(config.smtp!, clock);
 * const r = await smtp.send(notice);
 */
export function createSmtpSender(cfg: SmtpConfig, clock: Clock): NoticeSender {
  const transport: Transporter = nodemailer.createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    requireTLS: cfg.requireTLS,
    tls: { rejectUnauthorized: cfg.tlsRejectUnauthorized },
    auth: cfg.auth,
    connectionTimeout: cfg.timeoutMs,
    greetingTimeout: cfg.timeoutMs,
    socketTimeout: cfg.timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const domain = domainOf(cfg);
  return {
    async send(n: QueuedNotice): Promise<DeliveryResult> {
      const messageId = smtpMessageId(n.eventId, domain);
      try {
        await transport.sendMail({
          from: cfg.from,
          to: n.address,
          subject: n.subject,
          text: n.text,
          html: n.html,
          messageId,
          date: new Date(clock.now()),
          headers: { 'X-Pbxwatch-Event-Id': n.eventId, 'Auto-Submitted': 'auto-generated' },
        });
        return { ok: true, messageId };
      } catch (err) {
        return classify(err);
      }
    },
    close() {
      transport.close();
    },
  };
}
