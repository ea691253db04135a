import { join } from 'node:path';
import { encodeMessage, siteTopic, type TelemetryMessage } from '@pbxwatch/core';
import { describe, expect, it } from 'vitest';
import {
  connectAgent,
  makeEvent,
  publishEvent,
  publishHeartbeat,
  startConsole,
  until,
} from '../console/console-fixture.js';
import { OUT, PASSWORD, useWebFixture } from './web-fixture.js';

const w = useWebFixture();

describe('web UI in chromium: clocks, zones, sites, security, shutdown', () => {
  it('ticks countdowns in the browser: running, then warning, then breached (words and colours)', async () => {
    w.agent = await connectAgent(w.f, 'acme-hq', w.secret);
    const ev = makeEvent(w.f, w.agent, { condition: 'pbx-down', change: 'raised', priority: 'P1' });
    await publishEvent(w.agent, ev);
    await w.agent.waitForAck(ev.id);
    await w.page.clock.install();
    await w.login();
    const response = w.page.locator('tr[data-ticket] .obj').first();
    await response.getByText('running').waitFor();
    // P1 response: 1 h target, warning at 75 % (45 min); the ticket was detected 5 s before.
    // The server's clock and the browser's move together (the page re-syncs to the server's time).
    const advance = async (ms: number) => {
      w.f.clock.t += ms;
      await w.page.clock.fastForward(ms);
    };
    await advance(46 * 60_000);
    await response.locator('.st-warning').getByText('warning').waitFor();
    expect(await response.innerText()).toMatch(/response: warning\s+13m 5\ds left/);
    await w.page.screenshot({ path: join(OUT, 'dashboard-warning.png') });
    await advance(15 * 60_000);
    await response.locator('.st-breached').getByText('breached').waitFor();
    expect(await response.innerText()).toMatch(/overdue 1m 0\ds/);
    const colour = await response
      .locator('.st')
      .evaluate(
        (e) =>
          (globalThis as unknown as { getComputedStyle(x: unknown): { color: string } }).getComputedStyle(e)
            .color,
      );
    expect(colour).toBe('rgb(255, 107, 107)');
  });

  it('shows the viewer zone beside the site zone, and the site telemetry', async () => {
    await w.ctx.close();
    w.ctx = await w.browser.newContext({ timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 900 } });
    w.page = await w.ctx.newPage();
    w.agent = await connectAgent(w.f, 'acme-hq', w.secret);
    await publishHeartbeat(w.f, w.agent);
    const tel: TelemetryMessage = {
      v: 1,
      kind: 'telemetry',
      siteId: 'acme-hq',
      bootId: w.agent.bootId,
      seq: ++w.agent.seq,
      sentAt: new Date(w.f.clock.now()).toISOString(),
      uptimeMs: w.agent.uptimeMs,
      at: new Date(w.f.clock.now()).toISOString(),
      pbx: { vendor: 'ipoffice', snmp: true, sip: true, model: 'IP500 V2', release: '11.1.3.1' },
      stations: { connected: 42, monitored: 40, unmonitored: 2, source: 'snmp' },
      sipRttMs: 12.5,
      eligibility: [{ rule: 'min-release', ok: false, message: 'release 11.1 < 11.2 required' }],
    };
    await w.agent.client.publishAsync(siteTopic('acme-hq', 'telemetry'), encodeMessage('telemetry', tel), {
      qos: 1,
    });
    await until(() => w.f.app.services.sites.get('acme-hq').lastTelemetry, 'telemetry stored');
    const ev = makeEvent(w.f, w.agent, { condition: 'pbx-down', change: 'raised', priority: 'P1' });
    await publishEvent(w.agent, ev);
    await w.agent.waitForAck(ev.id);
    await w.login();
    await w.page.locator('tr[data-ticket] a').first().click();
    const row = w.page.locator('tr[data-objective="response"]');
    await row.waitFor();
    const text = await row.innerText();
    // Detected 14:59:55 UTC, due an hour later: 07:59:55 in Los Angeles, 00:59:55 next day in Tokyo.
    expect(text).toContain('7:59:55 AM America/Los_Angeles');
    expect(text).toMatch(/Nov 24, 2026, 12:59:55 AM GMT\+9/);
    await w.page.goto(`${w.f.http}/sites/acme-hq`);
    const facts = await w.page.locator('dl.facts').innerText();
    expect(facts).toContain('online');
    expect(facts).toContain('IP500 V2');
    expect(facts).toContain('11.1.3.1');
    expect(facts).toContain('42 connected, 40 monitored, 2 unmonitored');
    expect(facts).toContain('12.5 ms');
    expect(await w.page.locator('main ul').innerText()).toContain(
      'NOT eligible min-release: release 11.1 < 11.2 required',
    );
    await w.page.screenshot({ path: join(OUT, 'site.png'), fullPage: true });
  });

  it('marks the session cookie Secure behind a TLS proxy (X-Forwarded-Proto: https)', async () => {
    const get = await fetch(`${w.f.http}/login`);
    const loginCookie = get.headers
      .getSetCookie()
      .find((c) => c.startsWith('pbxw_login='))!
      .split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(await get.text())![1]!;
    const post = await fetch(`${w.f.http}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: loginCookie,
        'x-forwarded-proto': 'https',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ _csrf: token, username: 'alice', password: PASSWORD }).toString(),
    });
    expect(post.status).toBe(303);
    const session = post.headers.getSetCookie().find((c) => c.startsWith('pbxw_session='))!;
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; SameSite=Strict/);
  });

  it('creates a site (admin): the secret shown once lets its agent log in to the broker', async () => {
    await w.login('ada');
    await w.page.goto(`${w.f.http}/sites`);
    await w.page.getByRole('link', { name: 'New site' }).click();
    await w.page.getByLabel(/Site id/).fill('Bad Id');
    await w.page.getByLabel('Name', { exact: true }).fill('Branch');
    await w.page.getByRole('button', { name: 'Create site' }).click();
    await w.page
      .getByRole('alert')
      .getByText(/site id/)
      .waitFor();
    await w.page.getByLabel(/Site id/).fill('branch-1');
    await w.page.getByLabel('Customer').selectOption({ label: 'Acme Dental' });
    await w.page.getByLabel(/Time zone/).fill('Europe/Paris');
    await w.page.getByRole('button', { name: 'Create site' }).click();
    const shown = await w.page.getByLabel(/MQTT secret/).inputValue();
    expect(shown.length).toBeGreaterThan(20);
    expect(await w.page.locator('pre').innerText()).toContain('username: branch-1');
    expect(w.f.app.services.sites.get('branch-1')).toMatchObject({
      name: 'Branch',
      timeZone: 'Europe/Paris',
    });
    w.agent = await connectAgent(w.f, 'branch-1', shown); // real MQTT login with the shown secret
    expect(w.agent.client.connected).toBe(true);
    await w.page.goto(`${w.f.http}/sites/branch-1`);
    expect(await w.page.content()).not.toContain(shown); // never shown again
    await w.page.getByRole('button', { name: 'Log out' }).click();
    await w.login('alice');
    const r = await w.page.goto(`${w.f.http}/sites/new`);
    expect(r?.status()).toBe(403);
  });

  it('stops the console while a dashboard event stream is open', async () => {
    const other = await startConsole();
    other.app.services.users.create('u', PASSWORD, 'noc');
    const otherPage = await w.ctx.newPage();
    await otherPage.goto(`${other.http}/login`);
    await otherPage.getByLabel('User name').fill('u');
    await otherPage.getByLabel('Password').fill(PASSWORD);
    const opened = otherPage.waitForRequest(/\/ui\/fragments\/tickets$/);
    await otherPage.getByRole('button', { name: 'Log in' }).click();
    // The script fetches the fragment once the event stream has opened.
    await opened;
    // The page stays open: close() (stop) must end the stream itself; it used to wait for it forever,
    // which the test's timeout would catch.
    await other.close();
    await otherPage.close();
  });

  it('reports page links work with the session (API reads only; API writes still need a token)', async () => {
    await w.login();
    await w.page.goto(`${w.f.http}/reports`);
    const href = await w.page.getByRole('link', { name: 'CSV' }).first().getAttribute('href');
    const csv = await w.page.request.get(`${w.f.http}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const json = await w.page.request.get(
      `${w.f.http}/api/v1/reports/availability?from=2026-11-01T00:00:00Z&to=2026-11-24T00:00:00Z`,
    );
    expect(json.status()).toBe(200);
    const write = await w.page.request.post(`${w.f.http}/api/v1/customers`, { data: { name: 'Sneaky' } });
    expect(write.status()).toBe(401);
  });

  it('rate-limits login attempts per IP', async () => {
    let last = 0;
    for (let i = 0; i < 11; i++) {
      await w.page.goto(`${w.f.http}/login`);
      await w.page.getByLabel('User name').fill('alice');
      await w.page.getByLabel('Password').fill('nope');
      const [resp] = await Promise.all([
        w.page.waitForResponse((r) => r.request().method() === 'POST'),
        w.page.getByRole('button', { name: 'Log in' }).click(),
      ]);
      last = resp.status();
      if (i < 10) expect(last).toBe(401);
    }
    expect(last).toBe(429);
  });
});
