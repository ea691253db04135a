import type { TicketView } from '../tickets/ticket-queries.js';
import { VersionCache } from '../tickets/version-cache.js';
import { iso } from './http-types.js';
import { ticketJson, ticketJsonHead } from './ticket-json.js';

const quoted = new Map<string, string>();
/** `JSON.stringify(s)`, remembered: clock names, states and priorities are a handful of strings. */
const quote = (s: string): string => {
  let q = quoted.get(s);
  if (q === undefined) {
    q = JSON.stringify(s);
    if (quoted.size < 1000) quoted.set(s, q);
  }
  return q;
};
const num = (n: number): string => (Number.isFinite(n) ? `${n}` : 'null');

const dueTexts = new Map<number, string>();
/** A due instant as JSON, remembered: a running clock's due instant stays put while it runs. */
const due = (ms: number | null): string => {
  if (ms === null) return 'null';
  let q = dueTexts.get(ms);
  if (q === undefined) {
    if (dueTexts.size >= 20_000) dueTexts.clear();
    // ISO instants need no escaping.
    q = `"${iso(ms)}"`;
    dueTexts.set(ms, q);
  }
  return q;
};

/**
 * Exactly `JSON.stringify(slaJson(clocks))`, written directly: `JSON.stringify` costs about 2 µs per
 * small object, three times this, and a page has one per ticket.
 * @example
 * slaJsonText({}); // '{}'
 */
export function slaJsonText(clocks: TicketView['sla']): string {
  let out = '';
  for (const k in clocks) {
    const o = clocks[k] as TicketView['sla'][string];
    out += `${out ? ',' : ''}${quote(k)}:{"dueAt":${due(o.dueAt)},"state":${quote(o.state)},"warning":${o.warning},"remainingSeconds":${num(o.remainingSeconds)},"elapsedSeconds":${num(o.elapsedSeconds)},"targetSeconds":${num(o.targetSeconds)},"priority":${quote(o.priority)}}`;
  }
  return `{${out}}`;
}

/**
 * The body of a ticket-list page, exactly `JSON.stringify({ items: items.map(ticketJson), total,
 * limit, offset })`. Serialising was most of what an uncached page cost, yet all of a ticket but
 * its clocks depends on stored data only: from a ticket's second page at one data version
 * (`TicketRepo.version`) on, that text is kept, and each request serialises only the clocks
 * evaluated for it. A page of tickets seen once at this version (tickets changing between
 * requests, or paging through) is one `JSON.stringify`, as cheap as it gets for a first time.
 * @example
 * const bodies = new TicketListBody();
 * const r = queries.list({ state: 'open' }, 50, 0);
 * bodies.render(repo.version, r.items, r.total, 50, 0); // '{"items":[…],"total":…,"limit":50,"offset":0}'
 */
export class TicketListBody {
  // Ten full pages of 500; a ticket's head is about half a kilobyte.
  private readonly heads = new VersionCache<number, string>(5000);

  /** The kept head of a ticket, made on its second sighting at this version; else undefined. */
  private head(t: TicketView, version: number): string | undefined {
    const h = this.heads.get(t.id, version);
    if (h !== undefined || !this.heads.missedBefore(t.id, version)) return h;
    return this.heads.set(t.id, version, ticketJsonHead(t));
  }

  /** The page's JSON; `items` must have been read at `version`. */
  render(
    version: number,
    items: readonly TicketView[],
    total: number,
    limit: number,
    offset: number,
  ): string {
    const heads = items.map((t) => this.head(t, version));
    if (heads.every((h) => h === undefined))
      return JSON.stringify({ items: items.map(ticketJson), total, limit, offset });
    // Pieces joined once: a string grown with `+=` is a tree of thousands of pieces, which the
    // response's byte length and UTF-8 encoding then walked twice (≈35 µs a page, joined ≈10 µs).
    const out: string[] = ['{"items":['];
    for (let i = 0; i < items.length; i++) {
      const t = items[i] as TicketView;
      const head = heads[i];
      if (i) out.push(',');
      if (head === undefined) out.push(JSON.stringify(ticketJson(t)));
      else out.push(head, slaJsonText(t.sla), '}');
    }
    const n = JSON.stringify;
    out.push(`],"total":${n(total)},"limit":${n(limit)},"offset":${n(offset)}}`);
    return out.join('');
  }
}
