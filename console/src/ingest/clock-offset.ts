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
  // Final estimates of each site's last few boots: events from the outbox may carry the uptime of
  // a boot that has ended, and that boot's clock may have been wrong by a different amount.
  private readonly past = new Map<string, Map<string, number>>();

  /** Adds one sample; returns the new estimate. */
  sample(siteId: string, bootId: string, sentAt: number, receivedAt: number): number {
    let s = this.sites.get(siteId);
    if (!s || s.bootId !== bootId) {
      if (s?.samples.length) this.remember(siteId, s.bootId, median(s.samples));
      s = { bootId, samples: [] };
      this.sites.set(siteId, s);
    }
    s.samples.push(receivedAt - sentAt);
    if (s.samples.length > WINDOW) s.samples.shift();
    return median(s.samples);
  }

  /** The estimate for this boot (current or one of the last few), or null when unknown. */
  offset(siteId: string, bootId: string): number | null {
    const s = this.sites.get(siteId);
    if (s && s.bootId === bootId && s.samples.length) return median(s.samples);
    return this.past.get(siteId)?.get(bootId) ?? null;
  }

  private remember(siteId: string, bootId: string, offset: number): void {
    let m = this.past.get(siteId);
    if (!m) {
      m = new Map();
      this.past.set(siteId, m);
    }
    m.set(bootId, offset);
    if (m.size > 4) m.delete(m.keys().next().value as string);
  }

  /** Forgets a site (deleted). */
  forget(siteId: string): void {
    this.sites.delete(siteId);
    this.past.delete(siteId);
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : Math.round(((s[m - 1] as number) + (s[m] as number)) / 2);
}
