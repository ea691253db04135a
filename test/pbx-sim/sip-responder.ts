/**
 * A small SIP UAS for tests and the PBX simulator: it answers OPTIONS (or any request) over UDP,
 * TCP or TLS the way a PBX's SIP stack does, with a mode switch to go silent or answer with any status.
 *
 * It deliberately has its own minimal parser, independent of the agent's, so that a test of the
 * prober against it checks two implementations against each other rather than one against itself.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';

/**
 * What the responder does with each request: answer 200, stay silent, or answer with that status.
 * @example
 * sip.setMode(503);
 */
export type SipResponderMode = 'answer' | 'silent' | number;

/**
 * Options of {@link startSipResponder}.
 * @example
 * const opts: SipResponderOptions = { transport: 'tcp', port: 5060 };
 */
export interface SipResponderOptions {
  /** `tls` needs `tls.cert` and `tls.key`. */
  transport: 'udp' | 'tcp' | 'tls';
  /** Address to listen on; default 127.0.0.1. */
  host?: string;
  /** Port to listen on; default 0 (any free port). */
  port?: number;
  /** Server certificate and key (PEM) for `transport: 'tls'`. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

/**
 * A running responder.
 * @example
 * expect(sip.requests()).toBe(2); // one dropped, one retransmission answered
 */
export interface SipResponder {
  /** The port it listens on. */
  port: number;
  /** Switch what it does with the next requests. */
  setMode(mode: SipResponderMode): void;
  /** Requests received so far, including dropped ones (so retransmissions are counted). */
  requests(): number;
  /** Drop the next `n` requests without answering (to exercise UDP retransmission). */
  dropFirst(n: number): void;
  /** The raw text of the last request received, or undefined. */
  lastRequest(): string | undefined;
  close(): Promise<void>;
}

const REASONS: Record<number, string> = {
  100: 'Trying',
  180: 'Ringing',
  200: 'OK',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  407: 'Proxy Authentication Required',
  480: 'Temporarily Unavailable',
  486: 'Busy Here',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
  603: 'Decline',
};

// RFC 3261 §7.3.3 compact forms of the headers the responder echoes.
const COMPACT: Record<string, string> = { v: 'via', f: 'from', t: 'to', i: 'call-id', l: 'content-length' };

interface ParsedRequest {
  method: string;
  headers: { name: string; value: string }[];
}

function parseRequest(text: string): ParsedRequest | undefined {
  const headEnd = text.indexOf('\r\n\r\n');
  const head = headEnd >= 0 ? text.slice(0, headEnd) : text;
  // RFC 3261 §7.3.1: a line starting with whitespace continues the previous header.
  const lines = head.split(/\r?\n/);
  const m = /^([A-Z]+) (\S+) SIP\/2\.0$/.exec(lines[0] ?? '');
  if (!m) return undefined;
  const headers: { name: string; value: string }[] = [];
  for (const line of lines.slice(1)) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      headers[headers.length - 1]!.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const raw = line.slice(0, colon).trim().toLowerCase();
    headers.push({ name: COMPACT[raw] ?? raw, value: line.slice(colon + 1).trim() });
  }
  return { method: m[1]!, headers };
}

function buildResponse(
  req: ParsedRequest,
  status: number,
  source: { address: string; port: number },
): string {
  const get = (n: string) => req.headers.filter((h) => h.name === n).map((h) => h.value);
  const lines = [`SIP/2.0 ${status} ${REASONS[status] ?? 'Status'}`];
  // RFC 3261 §8.2.6.2: copy every Via in order; RFC 3581 §4: fill received and rport on the top one.
  get('via').forEach((via, i) => {
    let v = via;
    if (i === 0) {
      v = v.replace(/;rport(?=;|$)/, `;rport=${source.port}`);
      if (!/;received=/.test(v)) v += `;received=${source.address}`;
    }
    lines.push(`Via: ${v}`);
  });
  lines.push(`From: ${get('from')[0] ?? ''}`);
  // RFC 3261 §8.2.6.2: add a To tag when the request had none.
  const to = get('to')[0] ?? '';
  lines.push(`To: ${/;tag=/i.test(to) ? to : `${to};tag=sim${Math.random().toString(36).slice(2, 10)}`}`);
  lines.push(`Call-ID: ${get('call-id')[0] ?? ''}`);
  lines.push(`CSeq: ${get('cseq')[0] ?? ''}`);
  if (status === 200 && req.method === 'OPTIONS') {
    lines.push('Allow: INVITE, ACK, CANCEL, BYE, OPTIONS', 'Accept: application/sdp');
  }
  lines.push('Server: pbxwatch-pbx-sim', 'Content-Length: 0', '', '');
  return lines.join('\r\n');
}

/**
 * Start a SIP responder on 127.0.0.1 (by default on a free port).
 * @example
 * const sip = await startSipResponder({ transport: 'udp' });
 * sip.setMode(404);           // answer 404 Not Found from now on
 * sip.dropFirst(1);           // ignore the next request, to force a retransmission
 * // ... probe sip:127.0.0.1:${sip.port} ...
 * await sip.close();
 */
export async function startSipResponder(options: SipResponderOptions): Promise<SipResponder> {
  const host = options.host ?? '127.0.0.1';
  let mode: SipResponderMode = 'answer';
  let count = 0;
  let toDrop = 0;
  let last: string | undefined;

  /** Returns the response text to send, or undefined to stay silent. */
  const handle = (text: string, source: { address: string; port: number }): string | undefined => {
    const req = parseRequest(text);
    if (!req) return undefined;
    count++;
    last = text;
    if (req.method === 'ACK') return undefined; // RFC 3261 §17.2.1: ACK gets no response
    if (toDrop > 0) {
      toDrop--;
      return undefined;
    }
    if (mode === 'silent') return undefined;
    return buildResponse(req, mode === 'answer' ? 200 : mode, source);
  };

  const controls = {
    setMode: (m: SipResponderMode) => {
      mode = m;
    },
    requests: () => count,
    dropFirst: (n: number) => {
      toDrop = n;
    },
    lastRequest: () => last,
  };

  if (options.transport === 'udp') {
    const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.on('message', (msg, rinfo) => {
      const reply = handle(msg.toString('utf8'), rinfo);
      // RFC 3581 §4: answer to the source address and port of the request.
      if (reply) socket.send(reply, rinfo.port, rinfo.address);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(options.port ?? 0, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', () => {});
    return {
      port: socket.address().port,
      ...controls,
      close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
    };
  }

  const sockets = new Set<net.Socket>();
  const onConnection = (conn: net.Socket) => {
    sockets.add(conn);
    conn.on('close', () => sockets.delete(conn));
    conn.on('error', () => {});
    let buf = Buffer.alloc(0);
    conn.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      // RFC 3261 §18.3: over a stream, Content-Length frames each message.
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('utf8');
        const lenMatch = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)/im.exec(head);
        const total = end + 4 + (lenMatch ? Number(lenMatch[1]) : 0);
        if (buf.length < total) return;
        const text = buf.subarray(0, total).toString('utf8');
        buf = buf.subarray(total);
        const reply = handle(text, { address: conn.remoteAddress ?? host, port: conn.remotePort ?? 0 });
        if (reply) conn.write(reply);
      }
    });
  };
  if (options.transport === 'tls' && !options.tls)
    throw new Error('startSipResponder: tls needs tls.cert and tls.key');
  const server =
    options.transport === 'tls'
      ? tls.createServer({ cert: options.tls!.cert, key: options.tls!.key }, onConnection)
      : net.createServer(onConnection);
  // A failed handshake is the client's problem to report; the responder just carries on.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as net.AddressInfo;
  return {
    port: addr.port,
    ...controls,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
