import { z } from 'zod';

/**
 * Why a clock is paused. `customer-access` is the contracts' "time frames become null and void if
 * access to equipment or information is denied or delayed by Customer" (sla-semantics.md §Starting).
 * @example
 * PAUSE_REASONS[0]; // 'customer-access'
 */
export const PAUSE_REASONS = ['customer-access', 'customer-request', 'maintenance-window', 'other'] as const;

/**
 * Zod schema of a stored pause: `[from, to)` in epoch ms, `to` absent or null while open, with who
 * set it, why and when.
 * @example
 * pauseSchema.parse({ from: 0, reason: 'customer-access', actor: 'noc:alice', createdAt: 0 });
 */
export const pauseSchema = z
  .strictObject({
    from: z.number().int(),
    to: z.number().int().nullable().optional(),
    reason: z.enum(PAUSE_REASONS),
    actor: z.string().min(1),
    createdAt: z.number().int(),
    note: z.string().optional(),
  })
  .refine((p) => p.to === undefined || p.to === null || p.to > p.from, {
    message: 'to must be after from',
    path: ['to'],
  });

/**
 * A stored pause.
 * @example
 * const p: Pause = { from: t0, to: null, reason: 'customer-access', actor: 'noc:alice', createdAt: t0 };
 */
export type Pause = z.output<typeof pauseSchema>;

/**
 * The part of a pause the clock needs: `to` absent/null for an open pause.
 * @example
 * const s: PauseLike = { from: 0, to: 60_000 };
 */
export interface PauseLike {
  from: number;
  to?: number | null;
}

/**
 * Pauses as sorted, disjoint `[from, to)` spans ending after `start` (`to = Infinity` while open).
 * @example
 * normalizePauses([{ from: 5, to: 9 }, { from: 0, to: 6 }], 2); // [[0, 9]]
 */
export function normalizePauses(
  pauses: readonly PauseLike[] | undefined,
  start: number,
): Array<[number, number]> {
  if (!pauses || pauses.length === 0) return [];
  const spans: Array<[number, number]> = [];
  for (const p of pauses) {
    const to = p.to ?? Number.POSITIVE_INFINITY;
    if (to > start && to > p.from) spans.push([p.from, to]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}
