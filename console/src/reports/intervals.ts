/**
 * A half-open interval `[from, to)` of epoch ms.
 * @example
 * const down: Interval[] = [[detectedAt, restoredAt]];
 */
export type Interval = [number, number];

/**
 * Sorted, merged, non-empty intervals.
 * @example
 * union([[5, 9], [0, 6]]); // [[0, 9]]
 */
export function union(xs: readonly Interval[]): Interval[] {
  const s = xs.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Interval[] = [];
  for (const [a, b] of s) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/**
 * `xs` minus `ys` (both merged by {@link union} first).
 * @example
 * subtract([[0, 10]], [[3, 5]]); // [[0, 3], [5, 10]]
 */
export function subtract(xs: readonly Interval[], ys: readonly Interval[]): Interval[] {
  const cut = union(ys);
  const out: Interval[] = [];
  for (const [a0, b] of union(xs)) {
    let a = a0;
    for (const [c, d] of cut) {
      if (d <= a || c >= b) continue;
      if (c > a) out.push([a, c]);
      a = Math.max(a, d);
      if (a >= b) break;
    }
    if (a < b) out.push([a, b]);
  }
  return out;
}

/**
 * Intervals clipped to `[from, to)`.
 * @example
 * clip([[0, 10]], 5, 20); // [[5, 10]]
 */
export function clip(xs: readonly Interval[], from: number, to: number): Interval[] {
  return xs.map(([a, b]): Interval => [Math.max(a, from), Math.min(b, to)]).filter(([a, b]) => b > a);
}

/**
 * Total length of merged intervals.
 * @example
 * total([[0, 5], [3, 8]]); // 8
 */
export function total(xs: readonly Interval[]): number {
  return union(xs).reduce((n, [a, b]) => n + (b - a), 0);
}
