import { join } from 'node:path';
import { encodeMessage, siteTopic } from '@pbxwatch/core';
import { describe, expect, it } from 'vitest';
import { telemetryMessage } from '../../console/src/test-helpers/telemetry-message.js';
import { OUT, useWebFixture } from './web-fixture.js';

const w = useWebFixture();
const MIN = 60_000;
const HOUR = 60 * MIN;

/** Polls through the real ingest path, as an agent replaying its outbox would send them now. */
function seed(siteId: string, polls: { at: number; connected: number; sipRttMs: number | null }[]): void {
  const s = w.f.app.services;
  const now = w.f.clock.now();
  for (const p of polls) {
    const m = telemetryMessage(siteId, p.at, now, { connected: p.connected, sipRttMs: p.sipRttMs });
    s.ingest.receive(siteTopic(siteId, 'telemetry'), encodeMessage('telemetry', m));
  }
  s.ingest.flush();
}

const section = () => w.page.locator('section[data-telemetry]');
const figure = (name: string) => w.page.locator(`figure[data-chart="${name}"]`);
/** The figure once uPlot's draw hook ran (`data-drawn`: points drawn). */
const drawn = (name: string) => w.page.locator(`figure[data-chart="${name}"][data-drawn]`);

describe('site page telemetry charts in chromium', () => {
  it('draws stations and SIP round trip for 24 h with gaps, and refetches for 7 days', async () => {
    await w.ctx.close();
    w.ctx = await w.browser.newContext({ timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 900 } });
    w.page = await w.ctx.newPage();
    const now = w.f.clock.now(); // 2026-11-23T15:00:00Z
    const polls: { at: number; connected: number; sipRttMs: number | null }[] = [];
    // A week of polls every 30 minutes, then the last day every 5: an outage (10 of 48) from
    // 6 h to 5 h ago with SIP silent, and no telemetry at all from 12 h to 9 h ago.
    for (let t = now - 7 * 24 * HOUR + HOUR; t < now - 24 * HOUR; t += 30 * MIN)
      polls.push({ at: t, connected: 44, sipRttMs: 15 });
    for (let t = now - 24 * HOUR + 5 * MIN; t <= now; t += 5 * MIN) {
      const ago = now - t;
      if (ago <= 12 * HOUR && ago > 9 * HOUR) continue;
      const outage = ago <= 6 * HOUR && ago > 5 * HOUR;
      const wave = Math.round(10 + 6 * Math.sin(t / (2 * HOUR)));
      polls.push({ at: t, connected: outage ? 10 : 46, sipRttMs: outage ? null : wave });
    }
    seed('acme-hq', polls);
    const fetched: string[] = [];
    w.page.on('request', (r) => {
      if (r.url().includes('/telemetry?')) fetched.push(new URL(r.url()).searchParams.get('range')!);
    });

    await w.login();
    await w.page.goto(`${w.f.http}/sites/acme-hq`);
    await w.page.locator('section[data-state="ready"][data-range="24h"]').waitFor();
    // 288 five-minute buckets; 36 of them in the 3-hour gap, whose values are null, not zero.
    for (const name of ['stations', 'rtt']) {
      await drawn(name).waitFor();
      expect(await figure(name).locator('canvas').count()).toBeGreaterThan(0);
    }
    expect(await figure('stations').getAttribute('data-points')).toBe(String(288 - 36));
    expect(await figure('stations').getAttribute('data-drawn')).toBe(String(288 - 36));
    expect(await figure('rtt').getAttribute('data-points')).toBe(String(288 - 36 - 12));
    const stations = await figure('stations').locator('figcaption').innerText();
    // The latest bucket starts at 15:00 UTC: midnight in the viewer's zone (Tokyo).
    expect(stations).toContain('Latest 46 of 48 stations connected (96%) at Nov 24, 12:00 AM GMT+9');
    expect(stations).toContain('lowest 10, highest 46 connected in this period');
    expect(await figure('rtt').locator('.plot').getAttribute('aria-label')).toMatch(
      /^Latest SIP round trip \d+ ms at .*; lowest 4 ms, highest 16 ms in this period\.$/,
    );
    // Until the pointer is over a plot, its legend reads the newest bucket.
    const legend = await figure('stations')
      .locator('.u-legend .u-series')
      .evaluateAll((rows) =>
        rows.map((r) => [r.querySelector('th')?.textContent, r.querySelector('td')?.textContent]),
      );
    expect(legend).toEqual([
      ['Time', 'Nov 24, 12:00 AM GMT+9'],
      ['Connected', '46'],
      ['Lowest connected', '46'],
      ['Monitored', '48'],
    ]);
    expect(await w.page.getByRole('button', { name: '24 h' }).getAttribute('aria-pressed')).toBe('true');
    await w.page.screenshot({ path: join(OUT, 'site-charts-24h.png'), fullPage: true });

    await w.page.getByRole('button', { name: '7 days' }).click();
    await w.page.locator('section[data-state="ready"][data-range="7d"]').waitFor();
    expect(fetched).toEqual(['24h', '7d']);
    expect(await w.page.getByRole('button', { name: '7 days' }).getAttribute('aria-pressed')).toBe('true');
    // Hourly: 144 hours of half-hourly polls before the last day, then 24 hours less the 3-hour gap.
    await drawn('stations').waitFor();
    expect(await figure('stations').getAttribute('data-points')).toBe(String(143 + 1 + 24 - 3));
    expect(await figure('stations').innerText()).toContain('lowest 10, highest 46 connected');
    await w.page.screenshot({ path: join(OUT, 'site-charts-7d.png'), fullPage: true });

    // On a phone the charts shrink with the page instead of scrolling it sideways.
    await w.page.setViewportSize({ width: 390, height: 844 });
    await w.page.waitForFunction(() => {
      const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
        .document;
      return d.documentElement.scrollWidth <= 390;
    });
    await w.page.screenshot({ path: join(OUT, 'site-charts-phone.png'), fullPage: true });
  });

  it('says "No telemetry in this period" when the range is empty, and draws a lone poll', async () => {
    const s = w.f.app.services;
    s.sites.create({ id: 'beta-lab', name: 'Beta Lab', timeZone: 'UTC' });
    seed('beta-lab', [{ at: w.f.clock.now() - 3 * 24 * HOUR, connected: 20, sipRttMs: 9 }]);
    await w.login();
    await w.page.goto(`${w.f.http}/sites/beta-lab`);
    await w.page.locator('section[data-state="empty"][data-range="24h"]').waitFor();
    for (const name of ['stations', 'rtt']) {
      expect(await figure(name).locator('.empty').innerText()).toBe('No telemetry in this period');
      expect(await figure(name).locator('canvas').count()).toBe(0);
      expect(await figure(name).getAttribute('data-points')).toBe('0');
    }
    await w.page.screenshot({ path: join(OUT, 'site-charts-empty.png'), fullPage: true });
    await w.page.getByRole('button', { name: '7 days' }).click();
    await w.page.locator('section[data-state="ready"][data-range="7d"]').waitFor();
    await drawn('rtt').waitFor();
    expect(await figure('rtt').getAttribute('data-drawn')).toBe('1');
    expect(await figure('stations').locator('.summary').innerText()).toContain(
      'Latest 20 of 48 stations connected (42%)',
    );
    expect(await section().locator('[role=status]').innerText()).toBe('');
    await w.page.screenshot({ path: join(OUT, 'site-charts-lone-poll.png'), fullPage: true });
  });
});
