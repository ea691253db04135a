import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A mail as the SMTP server received it, with the parts tests look at decoded.
 * @example
 * expect(mail.envelopeTo).toEqual(['it@acme.test']);
 */
export interface ReceivedMail {
  envelopeTo: string[];
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

function decodeQp(s: string): string {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-F]{2}$/i.test(src.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(src[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

// RFC 2047 encoded words, as nodemailer writes non-ASCII or long subjects.
function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_m, _cs, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQp(data.replace(/_/g, ' ')),
    );
}

function splitHead(part: string): [Record<string, string>, string] {
  const i = part.search(/\r?\n\r?\n/);
  const head = part.slice(0, i).replace(/\r?\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const c = line.indexOf(':');
    if (c > 0) headers[line.slice(0, c).toLowerCase()] = line.slice(c + 1).trim();
  }
  return [headers, part.slice(i).replace(/^\r?\n\r?\n/, '')];
}

function decodeBody(headers: Record<string, string>, body: string): string {
  const enc = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') return decodeQp(body);
  return body;
}

/**
 * Parses the single-level multipart/alternative (or single part) mails nodemailer produces.
 * @example
 * parseMail(raw, ['it@acme.test']).subject;
 */
export function parseMail(raw: string, envelopeTo: string[]): ReceivedMail {
  const [headers, body] = splitHead(raw);
  let text = '';
  let html = '';
  const boundary = /boundary="?([^";]+)"?/.exec(headers['content-type'] ?? '')?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1) : [raw];
  for (const p of parts) {
    const [h, b] = splitHead(p.replace(/^\r?\n/, ''));
    const type = h['content-type'] ?? 'text/plain';
    if (type.startsWith('text/plain')) text = decodeBody(h, b);
    if (type.startsWith('text/html')) html = decodeBody(h, b);
  }
  return { envelopeTo, headers, subject: decodeWords(headers.subject ?? ''), text, html, raw };
}

/**
 * A real SMTP server on 127.0.0.1 (port 0 unless given), collecting what it receives.
 * @example
 * const smtp = await startSmtpSink(); ...; await smtp.close();
 */
export async function startSmtpSink(
  port = 0,
): Promise<{ port: number; mails: ReceivedMail[]; close: () => Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        mails.push(parseMail(Buffer.concat(chunks).toString('utf8'), to));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
