import { describe, expect, it } from 'vitest';
import type { TicketView } from '../tickets/ticket-queries.js';
import { ticketJson } from './ticket-json.js';
import { TicketListBody } from './ticket-list-body.js';

const T0 = Date.parse('2026-11-23T15:00:00Z');

function view(id: number, o: Partial<TicketView> = {}): TicketView {
  return {
    id,
    siteId: `site-${id}`,
    condition: 'stations',
    priority: 'P1',
    state: 'open',
    summary: `${id} of 48 stations down`,
    detectedAt: T0 - id * 60_000,
    clearedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    restoredAt: null,
    resolvedAt: null,
    resolvedBy: null,
    closedAt: null,
    closedBy: null,
    planVersionId: 1,
    timeCorrected: false,
    clockOffsetMs: null,
    reopenCount: 0,
    createdAt: T0,
    updatedAt: T0,
    paused: false,
    sla: {
      response: {
        dueAt: T0 + 3_600_000,
        state: 'running',
        warning: false,
        remainingSeconds: 3600,
        elapsedSeconds: 0,
        targetSeconds: 3600,
        priority: 'P1',
      },
    },
    ...o,
  };
}

const expected = (items: TicketView[], total: number, limit: number, offset: number) =>
  JSON.stringify({ items: items.map(ticketJson), total, limit, offset });

describe('TicketListBody', () => {
  it('writes exactly JSON.stringify of the ticketJson page, whatever the fields hold', () => {
    const items = [
      view(1),
      view(2, {
        condition: 'manual',
        state: 'closed',
        summary: 'quote " back \\ nl \n tab \t ctl \u0001\u001f del \u007f é 漢字 😀 \u2028 lone \ud800',
        clearedAt: T0 + 1,
        acknowledgedAt: T0 + 999,
        acknowledgedBy: 'noc "alice"',
        restoredAt: T0 + 1000,
        resolvedAt: 0,
        resolvedBy: 'bob',
        closedAt: 253_402_300_799_999,
        closedBy: 'carol\n',
        planVersionId: null,
        timeCorrected: true,
        clockOffsetMs: -1500,
        reopenCount: 3,
        paused: true,
        sla: {},
      }),
      view(3, {
        sla: {
          response: {
            dueAt: null,
            state: 'paused',
            warning: true,
            remainingSeconds: 0.5,
            elapsedSeconds: -0,
            targetSeconds: 1e21,
            priority: 'P2',
          },
          odd: {
            dueAt: -1,
            state: 'running',
            warning: false,
            remainingSeconds: Number.NaN,
            elapsedSeconds: Number.POSITIVE_INFINITY,
            targetSeconds: 1e-7,
            priority: 'P3',
          },
          'odd "name"': {
            dueAt: T0,
            state: 'breached',
            warning: false,
            remainingSeconds: -120,
            elapsedSeconds: 7320,
            targetSeconds: 7200,
            priority: 'P4',
          },
        },
      }),
    ];
    const bodies = new TicketListBody();
    expect(bodies.render(1, items, 3, 50, 0)).toBe(expected(items, 3, 50, 0));
    // Again from the kept heads, with other clocks.
    const later = items.map((t) => ({ ...t, sla: view(t.id, { detectedAt: T0 }).sla }));
    expect(bodies.render(1, later, 10_000, 7, 500)).toBe(expected(later, 10_000, 7, 500));
    expect(bodies.render(1, [], 0, 1, 0)).toBe(expected([], 0, 1, 0));
  });

  it('writes a ticket anew once the data version changed', () => {
    const bodies = new TicketListBody();
    bodies.render(1, [view(1)], 1, 50, 0);
    const acked = view(1, { state: 'acknowledged', acknowledgedAt: T0, acknowledgedBy: 'alice' });
    expect(bodies.render(2, [acked], 1, 50, 0)).toBe(expected([acked], 1, 50, 0));
  });
});
