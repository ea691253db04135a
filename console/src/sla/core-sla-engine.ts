import {
  evaluateTicket,
  listPresets,
  nextStateChange,
  type Plan,
  planSchema,
  type TicketFacts,
  usesSiteZone,
  validatePlan,
  withCalendarZone,
} from '@pbxwatch/core';
import type { SlaEngine, SlaFacts } from './sla-port.js';

/**
 * The {@link SlaEngine} over core's calendars, plans and clocks (sla-semantics.md). `warnAt`, when
 * given, is the console-wide warning threshold and replaces each plan's own.
 * @example
 * const engine = createCoreSlaEngine({ warnAt: 0.75 });
 * engine.presets().map((p) => p.key); // ['roi-priority', …]
 */
export function createCoreSlaEngine(options: { warnAt?: number } = {}): SlaEngine {
  const { warnAt } = options;
  // Validated plans per stored definition object: core memoises a compiled calendar per plan
  // calendar object, so handing it the same Plan each time keeps evaluation cheap.
  // A per-site plan also keeps one copy per site zone, for the same reason.
  const validated = new WeakMap<object, { plan: Plan; zoned: Map<string, Plan> }>();

  const entry = (definition: unknown) => {
    if (typeof definition !== 'object' || definition === null)
      throw new Error('plan definition is not an object');
    let e = validated.get(definition);
    if (!e) {
      let p = validatePlan(definition);
      // A shallow copy keeps the calendar object, so the compiled-calendar memo still hits.
      if (warnAt !== undefined) p = { ...p, warnAt };
      e = { plan: p, zoned: new Map() };
      validated.set(definition, e);
    }
    return e;
  };

  const plan = (definition: unknown, siteZone?: string): Plan => {
    const e = entry(definition);
    if (!siteZone || !usesSiteZone(e.plan)) return e.plan;
    let p = e.zoned.get(siteZone);
    if (!p) {
      p = withCalendarZone(e.plan, siteZone);
      e.zoned.set(siteZone, p);
    }
    return p;
  };

  const facts = (def: unknown, f: SlaFacts, at: number, siteZone?: string): TicketFacts => ({
    plan: plan(def, siteZone),
    detectedAt: f.detectedAt,
    priorityHistory: f.priorities,
    pauses: f.pauses,
    acknowledgedAt: f.respondedAt,
    restoredAt: f.restoredAt,
    resolvedAt: f.resolvedAt,
    at,
  });

  return {
    presets: () => listPresets().map((p) => ({ key: p.name, definition: p })),
    validatePlan(definition) {
      const r = planSchema.safeParse(definition);
      if (r.success) return { ok: true, plan: r.data };
      return {
        ok: false,
        issues: r.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
      };
    },
    usesSiteZone: (def) => usesSiteZone(entry(def).plan),
    evaluate: (def, f, at, siteZone) =>
      evaluateTicket(facts(def, f, at, siteZone)).map((o) => ({
        name: o.name,
        priority: o.priority,
        state: o.state,
        warning: o.warning,
        dueAt: o.dueAt,
        elapsedSeconds: o.elapsedSeconds,
        remainingSeconds: o.remainingSeconds,
        targetSeconds: o.targetSeconds,
        stoppedAt: o.stoppedAt,
      })),
    nextChange: (def, f, at, siteZone) => nextStateChange(facts(def, f, at, siteZone))?.at ?? null,
  };
}
