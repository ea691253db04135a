import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../test-helpers/harness.js';
import { SLA_BATCH, SlaScheduler } from './sla-scheduler.js';
import type { Timers } from './timers.js';

let h: Harness;
beforeEach(() => {
  h = makeHarness();
  h.sites.create({
    id: 'acme-hq',
    name: 'Acme HQ',
    planKey: 'roi-priority',
    timeZone: 'America/Los_Angeles',
  });
});
afterEach(() => h.close());

/** Timers fired one at a time by the test, so each scheduler tick can be looked at. */
function steppedTimers() {
  const armed = new Map<number, { fn: () => void; ms: number }>();
  let seq = 0;
  const timers: Timers = {
    setTimeout(fn, ms) {
      armed.set(++seq, { fn, ms });
      return seq;
    },
    clearTimeout(id) {
      armed.delete(id as number);
    },
  };
  return {
    timers,
    /** The delay of the one armed timer. */
    delay: () => [...armed.values()].map((a) => a.ms),
    fire() {
      const [id, a] = [...armed.entries()][0] ?? [];
      if (id === undefined || !a) throw new Error('no timer armed');
      armed.delete(id);
      a.fn();
    },
  };
}

describe('SlaScheduler', () => {
  it('evaluates a large backlog in batches, yielding to the event loop between them', () => {
    const total = 2 * SLA_BATCH + 200;
    for (let i = 0; i < total; i++)
      h.tickets.createManual({ siteId: 'acme-hq', priority: 'P2', summary: `call ${i}` }, 'alice');
    const t = steppedTimers();
    const s = new SlaScheduler({
      repo: h.ticketRepo,
      tickets: h.tickets,
      sla: h.sla,
      now: () => h.clock.t,
      timers: t.timers,
      log: pino({ level: 'silent' }),
    });
    s.start();
    expect(s.backlog()).toBe(total);
    const backlogs: number[] = [];
    for (let tick = 0; tick < 3; tick++) {
      expect(t.delay()).toEqual([0]);
      t.fire();
      backlogs.push(s.backlog());
    }
    expect(backlogs).toEqual([total - SLA_BATCH, total - 2 * SLA_BATCH, 0]);
    // Every ticket has its next clock change now: the timer sleeps until the soonest (capped at 60 s).
    expect(t.delay()).toEqual([60_000]);
    expect(s.nextWakeAt()).not.toBeNull();
    s.stop();
  });
});
