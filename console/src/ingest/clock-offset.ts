/** Samples kept per agent boot; the median of these is the estimate. */
const WINDOW = 9;

/**
 * Estimates each agent's clock offset (console time − agent time) from the `sentAt` of its
 * messages: each sample is receive time − sentAt = offset + transit delay. The median over the
 * recent samples of the current boot rides out a delayed message or a step of the agent's clock
 * (a Raspberry Pi without RTC that syncs NTP after boot). A new `bootId` starts afresh.
 * @example
 * const est = new ClockOffsetEstimator();
 * est.sample('acme-hq', bootId, Date.parse(hb.sentAt), now);
 * est.offset('acme-hq', bootId); // e.g. 3_600_012
 */
export class ClockOffsetEstimator {
  private readonly sites = new Map<string, { bootId: string; samples: number[] }>();

  /** Adds one sample; returns the new estimate. */
  sample(siteId: string, bootId: string, sentAt: number, receivedAt: number): number {
    let s = this.sites.get(siteId);
    if (!s || s.bootId !== bootId) {
      s = { bootId, samples: [] };
      this.sites.set(siteId, s);
    }
    s.samples.push(receivedAt - sentAt);
    if (s.samples.length > WINDOW) s.samples.shift();
    return median(s.samples);
  }

  /** The estimate for this boot, or null when none of its messages was seen yet. */
  offset(siteId: string, bootId: string): number | null {
    const s = this.sites.get(siteId);
    return s && s.bootId === bootId && s.samples.length ? median(s.samples) : null;
  }

  /** Forgets a site (deleted). */
  forget(siteId: string): void {
    this.sites.delete(siteId);
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : Math.round(((s[m - 1] as number) + (s[m] as number)) / 2);
}
