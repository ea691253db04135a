import {
  evaluateTicket,
  listPresets,
  nextStateChange,
  type Plan,
  planSchema,
  type TicketFacts,
  validatePlan,
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
  const validated = new WeakMap<object, Plan>();

  const plan = (definition: unknown): Plan => {
    if (typeof definition !== 'object' || definition === null)
      throw new Error('plan definition is not an object');
    let p = validated.get(definition);
    if (!p) {
      p = validatePlan(definition);
      // A shallow copy keeps the calendar object, so the compiled-calendar memo still hits.
      if (warnAt !== undefined) p = { ...p, warnAt };
      validated.set(definition, p);
    }
    return p;
  };

  const facts = (def: unknown, f: SlaFacts, at: number): TicketFacts => ({
    plan: plan(def),
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
    evaluate: (def, f, at) =>
      evaluateTicket(facts(def, f, at)).map((o) => ({
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
    nextChange: (def, f, at) => nextStateChange(facts(def, f, at))?.at ?? null,
  };
}
