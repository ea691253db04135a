import { describe, expect, it } from 'vitest';
import { getPreset } from '../plans/presets.js';
import { parseInstant as T } from './format.js';
import { nextStateChange } from './next-change.js';
import { evaluateTicket, type TicketFacts } from './ticket.js';

const MIN = 60_000;
const roi = getPreset('roi-priority');
const ipc = getPreset('ipcelerate');
const start = T('2026-11-23T09:00:00-06:00'); // Monday

const facts = (over: Partial<TicketFacts>): TicketFacts => ({
  plan: roi,
  detectedAt: start,
  priorityHistory: [{ at: start, priority: 'P1' }],
  at: start,
  ...over,
});
const byName = (f: TicketFacts) => Object.fromEntries(evaluateTicket(f).map((o) => [o.name, o]));

describe('evaluateTicket', () => {
  it('warns from 75% of the target while running', () => {
    // roi-priority P1 response: 1 clock hour, warning from 45 min.
    expect(byName(facts({ at: start + 44 * MIN })).response?.warning).toBe(false);
    const r = byName(facts({ at: start + 45 * MIN })).response;
    expect(r).toMatchObject({ state: 'running', warning: true, elapsedSeconds: 2700, remainingSeconds: 900 });
    // Stopped objectives never warn.
    expect(byName(facts({ at: start + 50 * MIN, acknowledgedAt: start + 10 * MIN })).response?.warning).toBe(
      false,
    );
  });

  it('is met when stopped at or before due, breached when stopped after', () => {
    const met = byName(
      facts({ at: start + 5 * 60 * MIN, acknowledgedAt: start + 60 * MIN, restoredAt: start + 4 * 60 * MIN }),
    );
    expect(met.response).toMatchObject({ state: 'met', stoppedAt: start + 60 * MIN, elapsedSeconds: 3600 });
    expect(met.resolution).toMatchObject({ state: 'met', stoppedAt: start + 4 * 60 * MIN });
    const late = byName(
      facts({ at: start + 6 * 60 * MIN, acknowledgedAt: start + 61 * MIN, resolvedAt: start + 5 * 60 * MIN }),
    );
    expect(late.response).toMatchObject({ state: 'breached', remainingSeconds: -60 });
    expect(late.resolution).toMatchObject({ state: 'breached', stoppedAt: start + 5 * 60 * MIN });
    // Restore and manual resolve: whichever is first stops resolution.
    const first = byName(
      facts({ at: start + 9 * 60 * MIN, restoredAt: start + 3 * 60 * MIN, resolvedAt: start + 2 * 60 * MIN }),
    );
    expect(first.resolution?.stoppedAt).toBe(start + 2 * 60 * MIN);
    // A stop recorded after `at` has not happened yet at `at`.
    expect(byName(facts({ at: start + 30 * MIN, acknowledgedAt: start + 40 * MIN })).response?.state).toBe(
      'running',
    );
  });

  it('re-targets retroactively when a P2 becomes P1 after 50 minutes', () => {
    const history = [
      { at: start, priority: 'P2' as const },
      { at: start + 50 * MIN, priority: 'P1' as const },
    ];
    const before = byName(facts({ priorityHistory: history, at: start + 40 * MIN }));
    expect(before.response).toMatchObject({ priority: 'P2', dueAt: start + 4 * 60 * MIN });
    const after = byName(facts({ priorityHistory: history, at: start + 55 * MIN }));
    // P1 response is due 1 h after detection, not after the upgrade.
    expect(after.response).toMatchObject({
      priority: 'P1',
      dueAt: start + 60 * MIN,
      state: 'running',
      warning: true,
    });
    expect(after.resolution?.dueAt).toBe(start + 4 * 60 * MIN);
    expect(byName(facts({ priorityHistory: history, at: start + 61 * MIN })).response?.state).toBe(
      'breached',
    );
    // Acknowledged under P2 (before the change): keeps the P2 target and is met.
    const acked = byName(
      facts({ priorityHistory: history, at: start + 2 * 60 * MIN, acknowledgedAt: start + 20 * MIN }),
    );
    expect(acked.response).toMatchObject({ priority: 'P2', state: 'met' });
    expect(acked.resolution).toMatchObject({ priority: 'P1', state: 'running' });
  });

  it('pauses every kind of target, and an open pause holds the due time', () => {
    const pause = {
      from: start + 30 * MIN,
      to: null,
      reason: 'customer-access' as const,
      actor: 'noc:amy',
      createdAt: start + 31 * MIN,
    };
    const all = evaluateTicket(facts({ plan: ipc, pauses: [pause], at: start + 5 * 60 * MIN }));
    expect(all.map((o) => o.name)).toEqual(['response', 'escalation', 'actionPlan', 'workaround']);
    for (const o of all)
      expect(o).toMatchObject({ state: 'paused', dueAt: null, elapsedSeconds: 1800, warning: false });
    const closed = { ...pause, to: start + 90 * MIN };
    const r = byName(facts({ plan: ipc, pauses: [closed], at: start + 2 * 60 * MIN })).response;
    expect(r).toMatchObject({ state: 'running', dueAt: start + 3 * 60 * MIN, elapsedSeconds: 3600 });
  });

  it('counts business days on the plan calendar', () => {
    // ipcelerate P1 actionPlan: 3 business days of 10 h from Wed 25 Nov 16:30; Thanksgiving closed.
    const wed = T('2026-11-25T16:30:00-06:00');
    const a = byName(
      facts({ plan: ipc, detectedAt: wed, priorityHistory: [{ at: wed, priority: 'P1' }], at: wed }),
    ).actionPlan;
    expect(a?.dueAt).toBe(T('2026-12-01T16:30:00-06:00'));
    expect(a?.targetSeconds).toBe(30 * 3600);
  });
});

describe('nextStateChange', () => {
  it('gives the warning, then the breach one ms after due', () => {
    expect(nextStateChange(facts({ at: start }))).toEqual({
      at: start + 45 * MIN,
      objective: 'response',
      kind: 'warning',
    });
    expect(nextStateChange(facts({ at: start + 45 * MIN }))).toEqual({
      at: start + 60 * MIN + 1,
      objective: 'response',
      kind: 'breach',
    });
    expect(nextStateChange(facts({ at: start + 61 * MIN }))).toEqual({
      at: start + 3 * 60 * MIN,
      objective: 'resolution',
      kind: 'warning',
    });
  });

  it('reports pause boundaries and nothing once every clock is stopped or held', () => {
    const pause = {
      from: start + 10 * MIN,
      to: start + 20 * MIN,
      reason: 'customer-access' as const,
      actor: 'a',
      createdAt: start,
    };
    expect(nextStateChange(facts({ pauses: [pause], at: start + 5 * MIN }))?.kind).toBe('pause-start');
    expect(nextStateChange(facts({ pauses: [pause], at: start + 15 * MIN }))).toMatchObject({
      at: start + 20 * MIN,
      kind: 'pause-end',
    });
    const done = facts({
      at: start + 30 * MIN,
      acknowledgedAt: start + 5 * MIN,
      restoredAt: start + 25 * MIN,
    });
    expect(nextStateChange(done)).toBeNull();
    expect(nextStateChange(facts({ pauses: [{ ...pause, to: null }], at: start + 15 * MIN }))).toBeNull();
  });

  it('agrees with evaluateTicket: the state differs just before and at the change', () => {
    const f = facts({ plan: ipc, priorityHistory: [{ at: start, priority: 'P2' }], at: start });
    for (let i = 0; i < 6; i++) {
      const next = nextStateChange(f);
      if (!next) break;
      const key = (at: number) =>
        JSON.stringify(evaluateTicket({ ...f, at }).map((o) => [o.state, o.warning]));
      expect(key(next.at)).not.toBe(key(next.at - 1));
      f.at = next.at;
    }
  });
});
