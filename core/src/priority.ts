import * as z from 'zod/mini';

/** Contract priorities, P1 (business not operational) to P4 (information only). */
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;

/**
 * A ticket priority.
 * @example
 * const p: Priority = 'P1';
 */
export type Priority = (typeof PRIORITIES)[number];

/** Zod schema for {@link Priority}. */
export const prioritySchema = z.enum(PRIORITIES);

/**
 * Ranks priorities so that the more urgent one compares lower.
 * @example
 * priorityRank('P1') < priorityRank('P3'); // true
 */
export function priorityRank(p: Priority): number {
  return PRIORITIES.indexOf(p);
}

/**
 * The more urgent of two priorities.
 * @example
 * higherPriority('P2', 'P1'); // 'P1'
 */
export function higherPriority(a: Priority, b: Priority): Priority {
  return priorityRank(a) <= priorityRank(b) ? a : b;
}
