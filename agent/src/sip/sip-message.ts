/**
 * Parsing SIP messages (RFC 3261 §7), enough to recognise and match responses. Parsing never
 * throws: anything malformed comes back as `{ ok: false, error }` for the caller to count.
 */

/** A parsed SIP request or response. Header names are lower-case long forms. */
export interface SipMessage {
  kind: 'request' | 'response';
  /** Request method (requests only). */
  method?: string;
  /** Request-URI (requests only). */
  uri?: string;
  /** Status code (responses only). */
  status?: number;
  /** Reason phrase (responses only). */
  reason?: string;
  /** Every header value in order; Via, and other comma lists, split into separate values. */
  headers: Map<string, string[]>;
  body: string;
}

/** The outcome of {@link parseSipMessage}. */
export type ParseResult = { ok: true; message: SipMessage } | { ok: false; error: string };

// RFC 3261 §7.3.3 and §20, plus the compact forms registered since (RFC 3265, 3515, 3892, 4028...).
const COMPACT_FORMS: Record<string, string> = {
  a: 'accept-contact',
  b: 'referred-by',
  c: 'content-type',
  d: 'request-disposition',
  e: 'content-encoding',
  f: 'from',
  i: 'call-id',
  j: 'reject-contact',
  k: 'supported',
  l: 'content-length',
  m: 'contact',
  n: 'identity-info',
  o: 'event',
  r: 'refer-to',
  s: 'subject',
  t: 'to',
  u: 'allow-events',
  v: 'via',
  x: 'session-expires',
  y: 'identity',
};

/** Headers whose comma-separated values are separate entries (RFC 3261 §7.3.1). */
const LIST_HEADERS = new Set(['via']);

/**
 * The long, lower-case name of a header, expanding compact forms.
 * @example
 * canonicalHeaderName('V'); // 'via'
 */
export function canonicalHeaderName(name: string): string {
  const lower = name.trim().toLowerCase();
  return COMPACT_FORMS[lower] ?? lower;
}

/** Split a list header on commas outside quoted strings and angle brackets. */
function splitList(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"' && value[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && c === '<') depth++;
    else if (!quoted && c === '>') depth--;
    else if (!quoted && depth === 0 && c === ',') {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter((v) => v !== '');
}

/**
 * Parse one SIP message (a whole datagram, or one message framed off a stream).
 * @example
 * const r = parseSipMessage('SIP/2.0 200 OK\r\nv: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK1\r\n...');
 * if (r.ok) console.log(r.message.status);
 */
export function parseSipMessage(input: string | Buffer): ParseResult {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  // RFC 3261 §7.5: CRLFs before the start line are ignored.
  const trimmed = text.replace(/^(?:\r?\n)+/, '');
  let headEnd = trimmed.indexOf('\r\n\r\n');
  let sepLen = 4;
  if (headEnd < 0) {
    // Be liberal in what we accept: bare LF line ends are seen from some embedded stacks.
    headEnd = trimmed.indexOf('\n\n');
    sepLen = 2;
  }
  if (headEnd < 0) return { ok: false, error: 'no blank line after the headers' };
  const lines = trimmed.slice(0, headEnd).split(/\r?\n/);
  const startLine = lines[0] ?? '';
  const message: SipMessage = { kind: 'response', headers: new Map(), body: '' };

  const status = /^SIP\/2\.0 (\d{3})(?: (.*))?$/.exec(startLine);
  const request = /^([A-Za-z]+) (\S+) SIP\/2\.0$/.exec(startLine);
  if (status) {
    const code = Number(status[1]);
    // RFC 3261 §7.2: status codes are 100 to 699.
    if (code < 100 || code > 699) return { ok: false, error: `status code ${code} out of range` };
    message.status = code;
    message.reason = (status[2] ?? '').trim();
  } else if (request) {
    message.kind = 'request';
    message.method = request[1]!.toUpperCase();
    message.uri = request[2]!;
  } else {
    return { ok: false, error: `bad start line "${startLine.slice(0, 60)}"` };
  }

  // RFC 3261 §7.3.1: a line beginning with whitespace continues the previous header (folding).
  const unfolded: string[] = [];
  for (const line of lines.slice(1)) {
    if (/^[ \t]/.test(line)) {
      if (unfolded.length === 0) return { ok: false, error: 'continuation line before any header' };
      unfolded[unfolded.length - 1] += ` ${line.trim()}`;
    } else {
      unfolded.push(line);
    }
  }
  for (const line of unfolded) {
    const colon = line.indexOf(':');
    if (colon <= 0) return { ok: false, error: `bad header line "${line.slice(0, 60)}"` };
    const name = canonicalHeaderName(line.slice(0, colon));
    if (!/^[a-z0-9\-.!%*_+`'~]+$/.test(name)) return { ok: false, error: `bad header name "${name}"` };
    const value = line.slice(colon + 1).trim();
    const values = LIST_HEADERS.has(name) ? splitList(value) : [value];
    const list = message.headers.get(name);
    if (list) list.push(...values);
    else message.headers.set(name, values);
  }

  let body = trimmed.slice(headEnd + sepLen);
  const lengthHeader = message.headers.get('content-length');
  if (lengthHeader) {
    if (lengthHeader.length > 1 || !/^\d+$/.test(lengthHeader[0]!)) {
      return { ok: false, error: `bad Content-Length "${lengthHeader.join(',')}"` };
    }
    const length = Number(lengthHeader[0]);
    const bodyBytes = Buffer.from(body, 'utf8');
    // RFC 3261 §18.3: a datagram shorter than its Content-Length is discarded; longer is truncated.
    if (bodyBytes.length < length) {
      return { ok: false, error: `body shorter (${bodyBytes.length}) than Content-Length ${length}` };
    }
    body = bodyBytes.subarray(0, length).toString('utf8');
  }
  message.body = body;

  // RFC 3261 §8.1.1: these are mandatory in every request and response.
  for (const required of ['via', 'cseq', 'call-id', 'from', 'to']) {
    if (!message.headers.get(required)?.length) return { ok: false, error: `missing ${required} header` };
  }
  if (!parseCSeq(message)) return { ok: false, error: `bad CSeq "${header(message, 'cseq')}"` };
  return { ok: true, message };
}

/**
 * The first value of a header, by long or compact name.
 * @example
 * header(msg, 'call-id'); // 'abc@10.0.0.2'
 */
export function header(message: SipMessage, name: string): string | undefined {
  return message.headers.get(canonicalHeaderName(name))?.[0];
}

/**
 * The CSeq number and method (RFC 3261 §20.16), or undefined when malformed.
 * @example
 * parseCSeq(msg); // { seq: 1, method: 'OPTIONS' }
 */
export function parseCSeq(message: SipMessage): { seq: number; method: string } | undefined {
  const m = /^(\d{1,10})\s+([A-Za-z]+)$/.exec(header(message, 'cseq') ?? '');
  if (!m) return undefined;
  return { seq: Number(m[1]), method: m[2]!.toUpperCase() };
}

/**
 * The branch parameter of the topmost Via (RFC 3261 §17.1.3), or undefined.
 * @example
 * topViaBranch(msg); // 'z9hG4bK3f9c...'
 */
export function topViaBranch(message: SipMessage): string | undefined {
  const via = message.headers.get('via')?.[0];
  if (!via) return undefined;
  const m = /;\s*branch\s*=\s*([^;,\s]+)/i.exec(via);
  return m?.[1];
}
