import * as z from 'zod/mini';
import type { Priority } from './priority.js';

/** Every condition of `detection.md`; `agent-offline` is raised by the console, not the agent. */
export const CONDITIONS = [
  'pbx-down',
  'stations',
  'trunks',
  'sip-down',
  'snmp-down',
  'sip-slow',
  'pbx-restarted',
  'agent-offline',
] as const;

/**
 * A condition kind.
 * @example
 * const c: Condition = 'stations';
 */
export type Condition = (typeof CONDITIONS)[number];

/** Zod schema for {@link Condition}. */
export const conditionSchema = z.enum(CONDITIONS);

/** How a condition changed: raised once, updated (priority or detail) any number of times, cleared once. */
export const CONDITION_CHANGES = ['raised', 'updated', 'cleared'] as const;
export type ConditionChange = (typeof CONDITION_CHANGES)[number];

/**
 * Conditions implied by `pbx-down`: while it is raised they are not raised, and the console never
 * opens a ticket for them (inhibition, detection.md).
 */
export const INHIBITED_BY_PBX_DOWN: ReadonlySet<Condition> = new Set([
  'stations',
  'trunks',
  'sip-down',
  'snmp-down',
]);

/**
 * Conditions that never reach customers (NOC only).
 * @example
 * NOC_ONLY_CONDITIONS.has('agent-offline'); // true
 */
export const NOC_ONLY_CONDITIONS: ReadonlySet<Condition> = new Set(['agent-offline']);

/** Fixed priorities; `stations` and `trunks` depend on how much is down, see the functions below. */
export const FIXED_PRIORITY: Readonly<Partial<Record<Condition, Priority>>> = {
  'pbx-down': 'P1',
  'sip-down': 'P2',
  'snmp-down': 'P3',
  'sip-slow': 'P3',
  'pbx-restarted': 'P4',
  'agent-offline': 'P2',
};

/** The contractual emergency threshold: *more than* 75% of stations down is P1. */
export const EMERGENCY_RATIO = 0.75;

/**
 * Priority of the `stations` condition for a share of monitored stations not connected, or `null`
 * when the share is below `degradedRatio` (no condition). Exactly 75% is P2: the contract says
 * "more than".
 * @example
 * stationsPriority(0.8, 0.25); // 'P1'
 * stationsPriority(0.75, 0.25); // 'P2'
 * stationsPriority(0.1, 0.25); // null
 */
export function stationsPriority(downRatio: number, degradedRatio = 0.25): Priority | null {
  if (!(downRatio >= 0)) return null;
  if (downRatio > EMERGENCY_RATIO) return 'P1';
  if (downRatio >= degradedRatio) return 'P2';
  return null;
}

/**
 * Priority of the `trunks` condition: every trunk failed is P1, some is P2, none is no condition.
 * @example
 * trunksPriority(2, 2); // 'P1'
 * trunksPriority(1, 3); // 'P2'
 */
export function trunksPriority(failed: number, total: number): Priority | null {
  if (failed <= 0 || total <= 0) return null;
  return failed >= total ? 'P1' : 'P2';
}
