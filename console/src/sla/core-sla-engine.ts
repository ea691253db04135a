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

// Validated plans per stored definition object: core memoises a compiled calendar per plan
// calendar object, so handing it the same Plan each time keeps evaluation cheap.
const validated = new WeakMap<object, Plan>();

function plan(definition: unknown): Plan {
  if (typeof definition !== 'object' || definition === null)
    throw new Error('plan definition is not an object');
  let p = validated.get(definition);
  if (!p) {
    p = validatePlan(definition);
    validated.set(definition, p);
  }
  return p;
}

function facts(def: unknown, f: SlaFacts, at: number): TicketFacts {
  return {
    plan: plan(def),
    detectedAt: f.detectedAt,
    priorityHistory: f.priorities,
    pauses: f.pauses,
    acknowledgedAt: f.respondedAt,
    restoredAt: f.restoredAt,
    resolvedAt: f.resolvedAt,
    at,
  };
}

/**
 * The {@link SlaEngine} over core's calendars, plans and clocks (sla-semantics.md).
 * @example
 * const engine = createCoreSlaEngine();
 * engine.presets().map((p) => p.key); // ['roi-priority', …]
 */
export function createCoreSlaEngine(): SlaEngine {
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
