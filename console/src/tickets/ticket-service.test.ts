import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../test-helpers/harness.js';
import type { TicketEventContext } from './ticket-events.js';
import type { ConditionChangeInput } from './ticket-service.js';

const MIN = 60_000;
let h: Harness;
let seen: TicketEventContext[];

function change(p: Partial<ConditionChangeInput> = {}): ConditionChangeInput {
  return {
    siteId: 'acme-hq',
    condition: 'stations',
    change: 'raised',
    priority: 'P1',
    at: h.clock.t,
    detectedAt: h.clock.t,
    summary: '40 of 48 stations down',
    timeCorrected: false,
    offsetMs: null,
    actor: 'agent:acme-hq',
    ...p,
  };
}

beforeEach(() => {
  h = makeHarness({ tickets: { reopenWindow: '30m', autoCloseAfter: '1h' } });
  const c = h.customers.create({ name: 'Acme' });
  h.sites.create({
    id: 'acme-hq',
    name: 'Acme HQ',
    customerId: c.id,
    planKey: 'roi-priority',
    timeZone: 'America/Los_Angeles',
  });
  seen = [];
  h.tickets.addHook((_db, ctx) => seen.push(ctx));
});
afterEach(() => h.close());

describe('ticket lifecycle', () => {
  it('opens, acknowledges, restores and auto-closes after the quiet period', () => {
    const t0 = h.clock.t;
    const out = h.tickets.applyCondition(change());
    expect(out.action).toBe('opened');
    const id = out.ticketId as number;
    h.clock.t += 10 * MIN;
    const acked = h.tickets.acknowledge(id, 'alice');
    expect(acked.state).toBe('acknowledged');
    expect(() => h.tickets.acknowledge(id, 'bob')).toThrow(/already acknowledged/);
    h.clock.t += 20 * MIN;
    h.tickets.applyCondition(change({ change: 'cleared', at: h.clock.t }));
    const v = h.ticketQueries.get(id);
    expect(v.state).toBe('restored');
    expect(v.clearedAt).toBe(t0 + 30 * MIN);
    expect(v.sla.response?.state).toBe('met');
    expect(v.sla.resolution?.state).toBe('met');
    h.clock.t += 61 * MIN;
    expect(h.tickets.autoClose()).toBe(1);
    expect(h.ticketQueries.get(id).state).toBe('closed');
    expect(seen.map((e) => e.event.type)).toEqual(['opened', 'acknowledged', 'restored', 'closed']);
    expect(h.ticketRepo.timeline(id).map((e) => [e.type, e.actor])).toEqual([
      ['opened', 'agent:acme-hq'],
      ['acknowledged', 'alice'],
      ['restored', 'agent:acme-hq'],
      ['closed', 'system'],
    ]);
  });

  it('gives hooks a full context inside the transaction; a throwing hook rolls the change back', () => {
    h.tickets.applyCondition(change());
    const ctx = seen[0]!;
    expect(ctx.site).toMatchObject({
      id: 'acme-hq',
      name: 'Acme HQ',
      timeZone: 'America/Los_Angeles',
      inMaintenance: false,
    });
    expect(ctx.customer?.name).toBe('Acme');
    expect(ctx.objectives.map((o) => o.name)).toEqual(['response', 'resolution']);
    expect(ctx.objectives[0]?.dueAt).toBe(h.clock.t + 60 * MIN);
    h.tickets.addHook(() => {
      throw new Error('boom');
    });
    expect(() => h.tickets.applyCondition(change({ condition: 'trunks' }))).toThrow('boom');
    expect(h.ticketRepo.findLive('acme-hq', 'trunks')).toBeNull();
  });

  it('reopens within the window keeping clocks, and opens a new ticket after it', () => {
    const t0 = h.clock.t;
    const id = h.tickets.applyCondition(change()).ticketId as number;
    h.clock.t += 5 * MIN;
    h.tickets.applyCondition(change({ change: 'cleared', at: h.clock.t }));
    h.clock.t += 20 * MIN;
    const again = h.tickets.applyCondition(change({ at: h.clock.t, detectedAt: h.clock.t }));
    expect(again).toEqual({ ticketId: id, action: 'reopened' });
    const v = h.ticketQueries.get(id);
    expect(v).toMatchObject({ state: 'open', detectedAt: t0, clearedAt: null, reopenCount: 1 });
    expect(v.sla.resolution?.dueAt).toBe(t0 + 4 * 60 * MIN);
    expect(seen.map((e) => e.event.type)).toEqual(['opened', 'restored', 'reopened']);
    h.clock.t += 5 * MIN;
    h.tickets.applyCondition(change({ change: 'cleared', at: h.clock.t }));
    h.clock.t += 31 * MIN;
    const fresh = h.tickets.applyCondition(change({ at: h.clock.t, detectedAt: h.clock.t }));
    expect(fresh.action).toBe('opened');
    expect(fresh.ticketId).not.toBe(id);
    expect(h.ticketQueries.get(id).state).toBe('closed');
  });

  it('upgrades P2 to P1 retroactively and never downgrades', () => {
    const t0 = h.clock.t;
    const id = h.tickets.applyCondition(change({ priority: 'P2' })).ticketId as number;
    expect(h.ticketQueries.get(id).sla.response?.dueAt).toBe(t0 + 4 * 60 * MIN);
    h.clock.t += 50 * MIN;
    h.tickets.applyCondition(change({ change: 'updated', priority: 'P1', at: h.clock.t, detectedAt: t0 }));
    const v = h.ticketQueries.get(id);
    expect(v.priority).toBe('P1');
    expect(v.sla.response?.dueAt).toBe(t0 + 60 * MIN);
    expect(v.priorities).toEqual([
      { priority: 'P2', at: t0 },
      { priority: 'P1', at: t0 + 50 * MIN },
    ]);
    h.tickets.applyCondition(change({ change: 'updated', priority: 'P2', at: h.clock.t, detectedAt: t0 }));
    expect(h.ticketQueries.get(id).priority).toBe('P1');
    expect(seen.map((e) => e.event.type)).toEqual(['opened', 'priority-raised']);
  });

  it('opens no ticket for a condition implied by an open pbx-down', () => {
    h.tickets.applyCondition(change({ condition: 'pbx-down' }));
    expect(h.tickets.applyCondition(change({ condition: 'stations' }))).toEqual({
      ticketId: null,
      action: 'inhibited',
    });
    expect(h.tickets.applyCondition(change({ condition: 'sip-slow', priority: 'P3' })).action).toBe('opened');
  });

  it('pauses for customer access and moves due by the pause', () => {
    const t0 = h.clock.t;
    const id = h.tickets.applyCondition(change()).ticketId as number;
    h.clock.t += 10 * MIN;
    h.tickets.pause(id, { reason: 'customer-access', note: 'site locked' }, 'alice');
    expect(() => h.tickets.pause(id, { reason: 'other' }, 'alice')).toThrow(/already paused/);
    expect(h.ticketQueries.get(id).paused).toBe(true);
    h.clock.t += 30 * MIN;
    h.tickets.resume(id, 'bob');
    const v = h.ticketQueries.get(id);
    expect(v.paused).toBe(false);
    expect(v.sla.response?.dueAt).toBe(t0 + 90 * MIN);
    expect(v.pauses[0]).toMatchObject({
      reason: 'customer-access',
      note: 'site locked',
      pausedBy: 'alice',
      resumedBy: 'bob',
    });
  });

  it('opens no ticket for a condition detected in a maintenance window', () => {
    h.maintenance.create(
      { siteId: 'acme-hq', startsAt: h.clock.t - MIN, endsAt: h.clock.t + 60 * MIN, reason: 'upgrade' },
      'alice',
    );
    expect(h.tickets.applyCondition(change()).action).toBe('maintenance');
    h.clock.t += 61 * MIN;
    expect(h.tickets.applyCondition(change({ at: h.clock.t, detectedAt: h.clock.t })).action).toBe('opened');
  });

  it('flags events during a maintenance window so that notices can skip them', () => {
    const id = h.tickets.applyCondition(change()).ticketId as number;
    h.maintenance.create(
      { siteId: 'acme-hq', startsAt: h.clock.t + MIN, endsAt: h.clock.t + 60 * MIN, reason: 'swap' },
      'alice',
    );
    h.clock.t += 10 * MIN;
    h.tickets.applyCondition(change({ change: 'cleared', at: h.clock.t }));
    expect(h.ticketQueries.get(id).state).toBe('restored');
    expect(seen.map((e) => [e.event.type, e.site.inMaintenance])).toEqual([
      ['opened', false],
      ['restored', true],
    ]);
  });

  it('records SLA warning and breach once each per objective from the scheduler timer', () => {
    const id = h.tickets.applyCondition(change({ priority: 'P2', condition: 'sip-down' })).ticketId as number;
    h.scheduler.start();
    h.timers.runDue();
    h.timers.advance(3 * 60 * MIN + 1000); // 75% of the 4 h P2 response
    const types = () => h.ticketRepo.timeline(id).map((e) => `${e.type}:${e.data?.objective ?? ''}`);
    expect(types()).toContain('sla-warning:response');
    h.timers.advance(60 * MIN);
    expect(types().filter((t) => t === 'sla-breach:response')).toHaveLength(1);
    h.timers.advance(30 * 60 * MIN);
    expect(types().filter((t) => t.startsWith('sla-'))).toEqual([
      'sla-warning:response',
      'sla-breach:response',
      'sla-warning:resolution',
      'sla-breach:resolution',
    ]);
    const breach = seen.find((e) => e.event.type === 'sla-breach');
    expect(breach?.event.objective).toBe('response');
  });
});
