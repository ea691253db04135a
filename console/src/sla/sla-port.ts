import type { Priority } from '@pbxwatch/core';

/**
 * The stored facts an SLA clock is derived from (sla-semantics.md: never from timers).
 * @example
 * const f: SlaFacts = { detectedAt, priorities: [{ priority: 'P1', at: detectedAt }], pauses: [], respondedAt: null, restoredAt: null, resolvedAt: null };
 */
export interface SlaFacts {
  detectedAt: number;
  /** Priority changes in time order; the first is the opening priority at `detectedAt`. */
  priorities: { priority: Priority; at: number }[];
  pauses: { from: number; to: number | null }[];
  /** First acknowledgement by a person: stops `response`. */
  respondedAt: number | null;
  /** Cleared by the site: stops the restore-stopped objectives. */
  restoredAt: number | null;
  /** Resolved (or closed) by hand: stops like `restoredAt`, whichever is first. */
  resolvedAt: number | null;
}

/**
 * One objective's state at an instant; times epoch ms.
 * @example
 * const [response]: ObjectiveStatus[] = engine.evaluate(plan, facts, now);
 */
export interface ObjectiveStatus {
  name: string;
  priority: Priority;
  state: 'running' | 'paused' | 'met' | 'breached';
  /** Running with at least `warnAt` of the target consumed. */
  warning: boolean;
  dueAt: number | null;
  elapsedSeconds: number;
  remainingSeconds: number;
  targetSeconds: number;
  stoppedAt: number | null;
}

/**
 * What the console needs from core's SLA module: evaluate a stored plan definition for a ticket's
 * facts, find the next instant a clock changes state, list presets, validate a custom plan. Plans
 * are opaque JSON here so that the store keeps exactly what core defines.
 * @example
 * const states = engine.evaluate(planJson, facts, now);
 */
export interface SlaEngine {
  /** Built-in presets, each with the key a site refers to. */
  presets(): { key: string; definition: unknown }[];
  /** Validates a custom plan definition; issues name field paths. */
  validatePlan(
    definition: unknown,
  ): { ok: true; plan: unknown } | { ok: false; issues: { path: string; message: string }[] };
  /** True when the plan's hours are local to each site: pass the site's zone to the calls below. */
  usesSiteZone(definition: unknown): boolean;
  /** Objective states at `at` for the ticket's priority in force (`siteZone` for a per-site plan). */
  evaluate(definition: unknown, facts: SlaFacts, at: number, siteZone?: string): ObjectiveStatus[];
  /** The next instant after `at` at which any objective changes state by time alone, or null. */
  nextChange(definition: unknown, facts: SlaFacts, at: number, siteZone?: string): number | null;
}
