import type { TicketRecord } from './ticket-repo.js';

/**
 * What a `raised` condition does to the newest ticket of its site and condition.
 * @example
 * const d: RaiseDecision = decideRaise(latest, detectedAt, 30 * 60_000);
 */
export type RaiseDecision =
  | { kind: 'new' }
  | { kind: 'update'; ticket: TicketRecord }
  | { kind: 'reopen'; ticket: TicketRecord }
  | { kind: 'replace'; ticket: TicketRecord };

/**
 * When a ticket stopped being an outage: cleared by the site, resolved or closed by a person.
 * @example
 * endOf(ticket); // clearedAt ?? resolvedAt ?? closedAt
 */
export function endOf(t: TicketRecord): number | null {
  return t.clearedAt ?? t.resolvedAt ?? t.closedAt;
}

/**
 * Decides how a raise at `detectedAt` relates to the newest ticket: a live unrestored one is updated;
 * one restored or closed within `windowMs` of its end is reopened with its clocks kept; a restored
 * one older than that is closed and replaced; otherwise a new ticket opens.
 * @example
 * decideRaise(null, now, 30 * 60_000); // { kind: 'new' }
 */
export function decideRaise(
  latest: TicketRecord | null,
  detectedAt: number,
  windowMs: number,
): RaiseDecision {
  if (!latest) return { kind: 'new' };
  if (latest.state === 'open' || latest.state === 'acknowledged') return { kind: 'update', ticket: latest };
  const end = endOf(latest);
  if (end !== null && detectedAt - end <= windowMs) return { kind: 'reopen', ticket: latest };
  return latest.state === 'restored' ? { kind: 'replace', ticket: latest } : { kind: 'new' };
}
