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
    // First sighting (one JSON.stringify), second (heads made), third (heads kept), with other clocks.
    for (const shift of [0, 1, 2]) {
      const page = items.map((t) => ({
        ...t,
        sla: shift ? view(t.id, { detectedAt: T0 + shift }).sla : t.sla,
      }));
      expect(bodies.render(1, page, 10_000, 7, 500 * shift)).toBe(expected(page, 10_000, 7, 500 * shift));
    }
    // A page mixing kept heads with tickets not seen before.
    const mixed = [view(9), items[2] as TicketView, view(8), items[0] as TicketView];
    expect(bodies.render(1, mixed, 4, 50, 0)).toBe(expected(mixed, 4, 50, 0));
    expect(bodies.render(1, [], 0, 1, 0)).toBe(expected([], 0, 1, 0));
  });

  it('writes a ticket anew once the data version changed', () => {
    const bodies = new TicketListBody();
    for (let i = 0; i < 3; i++) bodies.render(1, [view(1)], 1, 50, 0);
    const acked = view(1, { state: 'acknowledged', acknowledgedAt: T0, acknowledgedBy: 'alice' });
    for (let i = 0; i < 3; i++) expect(bodies.render(2, [acked], 1, 50, 0)).toBe(expected([acked], 1, 50, 0));
  });
});
