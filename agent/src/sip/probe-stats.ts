/**
 * Counters of a prober, and the logger shape it writes to (a pino logger fits).
 */
import { parseCSeq, parseSipMessage, type SipMessage, topViaBranch } from './sip-message.js';

/**
 * Running counts since the prober started.
 * @example
 * const { malformed, unmatched } = prober.stats();
 */
export interface SipProberStats {
  probes: number;
  /** Requests sent, first transmissions only. */
  sent: number;
  retransmissions: number;
  /** Final responses matched to a probe. */
  answered: number;
  /** Probes that ended with no answer (timeout or transport error). */
  unanswered: number;
  /** Messages that could not be parsed (RFC 3261 §7), dropped. */
  malformed: number;
  /** Well-formed messages that matched no probe (other branch, method, a request…), dropped. */
  unmatched: number;
  /** Retransmitted responses to a probe already finished (RFC 3261 §17.1.2.2 Timer K), absorbed. */
  late: number;
}

/**
 * Fresh zeroed counters.
 * @example
 * const stats = emptyStats(); stats.sent++;
 */
export function emptyStats(): SipProberStats {
  return {
    probes: 0,
    sent: 0,
    retransmissions: 0,
    answered: 0,
    unanswered: 0,
    malformed: 0,
    unmatched: 0,
    late: 0,
  };
}

/**
 * The subset of a pino logger the prober uses.
 * @example
 * const log: SipLog = pino().child({ component: 'sip' });
 */
export interface SipLog {
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

/** What came in, as far as transaction matching is concerned. */
export type IncomingClass =
  | { kind: 'malformed'; error: string }
  | { kind: 'unmatchable'; why: string }
  | { kind: 'response'; message: SipMessage; branch: string; method: string };

/**
 * Parse a received message and extract what RFC 3261 §17.1.3 matches a response on: the top Via
 * branch and the CSeq method.
 * @example
 * const c = classifyIncoming(datagram);
 * if (c.kind === 'response') transactions.get(c.branch)?.receive(c.message);
 */
export function classifyIncoming(data: Buffer | string): IncomingClass {
  const parsed = parseSipMessage(data);
  if (!parsed.ok) return { kind: 'malformed', error: parsed.error };
  const message = parsed.message;
  if (message.kind !== 'response') return { kind: 'unmatchable', why: `request ${message.method}` };
  // RFC 3261 §18.1.2: a response with more than one Via is misrouted and discarded.
  if ((message.headers.get('via')?.length ?? 0) !== 1)
    return { kind: 'unmatchable', why: 'more than one Via' };
  const branch = topViaBranch(message);
  if (!branch) return { kind: 'unmatchable', why: 'no Via branch' };
  return { kind: 'response', message, branch, method: parseCSeq(message)!.method };
}
