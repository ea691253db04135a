import type { IANAZone } from 'luxon';
import type { OpenTime } from './open-time.js';
import { localYearMonth } from './wall-time.js';

/**
 * Builds the open intervals `[start, end, start, end, …]` (epoch ms, sorted) of one local month.
 * @example
 * const build: MonthBuilder = (year, month) => [Date.UTC(year, month - 1, 1, 8), Date.UTC(year, month - 1, 1, 17)];
 */
export type MonthBuilder = (year: number, month: number) => number[];

const MAX_MONTHS_AHEAD = 240;

/**
 * Business open time of a calendar, as epoch-ms intervals with prefix sums, built lazily one local
 * month at a time and memoised. `measure` and `advance` are binary searches (never a minute-by-minute
 * walk), so a clock evaluation costs well under a microsecond once the months are built.
 * @example
 * const t = new BusinessTime(zone, buildMonth);
 * t.measure(Date.parse('2026-11-20T16:00:00-06:00'), Date.parse('2026-11-23T12:00:00-06:00')); // 6 h
 */
export class BusinessTime implements OpenTime {
  private readonly months = new Map<number, number[]>();
  private lo = 0;
  private hi = -1;
  private rangeStart = 0;
  private rangeEnd = 0;
  private starts: Float64Array = new Float64Array(0);
  private ends: Float64Array = new Float64Array(0);
  /** Open ms before interval i (since rangeStart). */
  private cumBefore: Float64Array = new Float64Array(0);
  private total = 0;

  constructor(
    private readonly zone: IANAZone,
    private readonly buildMonth: MonthBuilder,
    private readonly monthStart: (year: number, month: number) => number,
  ) {}

  measure(from: number, to: number): number {
    if (to <= from) return 0;
    this.cover(from, to);
    return this.cumAt(to) - this.cumAt(from);
  }

  advance(from: number, ms: number): number {
    this.cover(from, from);
    const target = this.cumAt(from) + ms;
    let grown = 0;
    while (target > this.total) {
      if (++grown > MAX_MONTHS_AHEAD) {
        throw new Error(
          `calendar has no open time within ${MAX_MONTHS_AHEAD} months after ${new Date(from).toISOString()}`,
        );
      }
      this.load(this.lo, this.hi + 1);
    }
    // Smallest i whose cumulative end reaches the target: a target met exactly at a close stays there.
    const cb = this.cumBefore;
    const st = this.starts;
    const en = this.ends;
    let a = 0;
    let b = st.length - 1;
    while (a < b) {
      const m = (a + b) >> 1;
      if ((cb[m] as number) + (en[m] as number) - (st[m] as number) >= target) b = m;
      else a = m + 1;
    }
    return (st[a] as number) + (target - (cb[a] as number));
  }

  isOpen(at: number): boolean {
    this.cover(at, at);
    const i = this.indexAtOrBefore(at);
    return i >= 0 && at < (this.ends[i] as number);
  }

  /** Open intervals overlapping `[from, to)`, clipped, for display. */
  intervals(from: number, to: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    if (to <= from) return out;
    this.cover(from, to);
    for (let i = Math.max(0, this.indexAtOrBefore(from)); i < this.starts.length; i++) {
      const s = Math.max(from, this.starts[i] as number);
      const e = Math.min(to, this.ends[i] as number);
      if ((this.starts[i] as number) >= to) break;
      if (e > s) out.push([s, e]);
    }
    return out;
  }

  private cumAt(t: number): number {
    const i = this.indexAtOrBefore(t);
    if (i < 0) return 0;
    const end = this.ends[i] as number;
    return (this.cumBefore[i] as number) + Math.min(t, end) - (this.starts[i] as number);
  }

  private indexAtOrBefore(t: number): number {
    const st = this.starts;
    let a = 0;
    let b = st.length - 1;
    let r = -1;
    while (a <= b) {
      const m = (a + b) >> 1;
      if ((st[m] as number) <= t) {
        r = m;
        a = m + 1;
      } else b = m - 1;
    }
    return r;
  }

  /** Makes sure the loaded months cover both instants, with a month of margin either side. */
  private cover(from: number, to: number): void {
    if (this.hi >= this.lo && from >= this.rangeStart && to < this.rangeEnd) return;
    const [fy, fm] = localYearMonth(this.zone, from);
    const [ty, tm] = localYearMonth(this.zone, to);
    let lo = fy * 12 + fm - 1 - 1;
    let hi = ty * 12 + tm - 1 + 1;
    if (this.hi >= this.lo) {
      lo = Math.min(lo, this.lo);
      hi = Math.max(hi, this.hi);
    }
    this.load(lo, hi);
  }

  private load(lo: number, hi: number): void {
    const flat: number[] = [];
    for (let k = lo; k <= hi; k++) {
      let ivs = this.months.get(k);
      if (!ivs) {
        ivs = this.buildMonth(Math.floor(k / 12), (k % 12) + 1);
        this.months.set(k, ivs);
      }
      for (let j = 0; j < ivs.length; j += 2) {
        const s = ivs[j] as number;
        const e = ivs[j + 1] as number;
        // Merge touching intervals (Mon 00:00-24:00 then Tue 00:00-…) into one.
        if (flat.length && (flat[flat.length - 1] as number) >= s)
          flat[flat.length - 1] = Math.max(e, flat[flat.length - 1] as number);
        else flat.push(s, e);
      }
    }
    const n = flat.length / 2;
    this.starts = new Float64Array(n);
    this.ends = new Float64Array(n);
    this.cumBefore = new Float64Array(n);
    let cum = 0;
    for (let i = 0; i < n; i++) {
      this.starts[i] = flat[2 * i] as number;
      this.ends[i] = flat[2 * i + 1] as number;
      this.cumBefore[i] = cum;
      cum += (flat[2 * i + 1] as number) - (flat[2 * i] as number);
    }
    this.total = cum;
    this.lo = lo;
    this.hi = hi;
    this.rangeStart = this.monthStart(Math.floor(lo / 12), (lo % 12) + 1);
    this.rangeEnd = this.monthStart(Math.floor((hi + 1) / 12), ((hi + 1) % 12) + 1);
  }
}
