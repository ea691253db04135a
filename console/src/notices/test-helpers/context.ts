import { DateTime } from 'luxon';
import type { TicketEventContext, TicketEventType } from '../../tickets/ticket-events.js';

/**
 * 2026-01-12 12:07 America/Chicago (CST, UTC-6): the event time of {@link makeContext}.
 * @example
 * const time = new ManualTime(T0);
 */
export const T0 = DateTime.fromISO('2026-01-12T12:07:00', { zone: 'America/Chicago' }).toMillis();
/**
 * One hour in ms.
 * @example
 * T0 + 2 * HOUR;
 */
export const HOUR = 3_600_000;

type Overrides = {
  event?: Partial<TicketEventContext['event']> & { type?: TicketEventType };
  ticket?: Partial<TicketEventContext['ticket']>;
  site?: Partial<TicketEventContext['site']>;
  customer?: TicketEventContext['customer'];
  objectives?: TicketEventContext['objectives'];
};

/**
 * A ticket event as the ticket service would build it: P1 pbx-down at Acme HQ, customer 1,
 * detected 12:05 CST, response due 14:05 CST, resolution due 17:05 CST.
 * @example
 * makeContext({ event: { type: 'restored' }, ticket: { clearedAt: T0 } });
 */
export function makeContext(o: Overrides = {}): TicketEventContext {
  return {
    event: { type: 'opened', at: T0, actor: 'system', ...o.event },
    ticket: {
      id: 42,
      siteId: 'acme-hq',
      condition: 'pbx-down',
      priority: 'P1',
      state: 'open',
      detectedAt: T0 - 120_000,
      clearedAt: null,
      summary: 'PBX not answering SNMP or SIP',
      ...o.ticket,
    },
    site: {
      id: 'acme-hq',
      name: 'Acme HQ',
      timeZone: 'America/Chicago',
      customerId: 1,
      inMaintenance: false,
      ...o.site,
    },
    customer: o.customer === undefined ? { id: 1, name: 'Acme Corp' } : o.customer,
    objectives: o.objectives ?? [
      { name: 'response', dueAt: T0 - 120_000 + 2 * HOUR, state: 'running' },
      { name: 'resolution', dueAt: T0 - 120_000 + 5 * HOUR, state: 'running' },
    ],
  };
}
