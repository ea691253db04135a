import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodeMessage, siteTopic, type TelemetryMessage } from '@pbxwatch/core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ConsoleFixture,
  connectAgent,
  type FakeAgent,
  makeEvent,
  publishEvent,
  publishHeartbeat,
  startConsole,
  until,
} from '../console/console-fixture.js';

const OUT = join(import.meta.dirname, '..', 'output');
const XSS = '<img src=x onerror=alert(1)>';
const PASSWORD = 'correct horse battery';

let browser: Browser;
let f: ConsoleFixture;
let ctx: BrowserContext;
let page: Page;
let agent: FakeAgent | undefined;
let secret: string;
let dialogs: string[];
let pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  f = await startConsole();
  const s = f.app.services;
  const acme = s.customers.create({ name: 'Acme Dental' });
  secret = s.sites.create({
    id: 'acme-hq',
    name: 'Acme HQ',
    customerId: acme.id,
    planKey: 'roi-priority',
    timeZone: 'America/Los_Angeles',
  }).mqttSecret;
  s.users.create('alice', PASSWORD, 'noc');
  s.users.create('rita', PASSWORD, 'readonly');
  s.users.create('ada', PASSWORD, 'admin');
  ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await ctx.newPage();
  dialogs = [];
  pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});
afterEach(async () => {
  expect(pageErrors).toEqual([]); // the client script never throws
  await agent?.client.endAsync(true);
  agent = undefined;
  await ctx?.close();
  await f.close();
});

async function login(user = 'alice', password = PASSWORD): Promise<void> {
  await page.goto(`${f.http}/login`);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

describe('web UI in chromium against a real console', () => {
  it('redirects to the login, logs in with an HttpOnly SameSite=Strict cookie, logs out', async () => {
    await page.goto(`${f.http}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await login('alice', 'wrong password');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Wrong user name or password');
    await login();
    await page.getByRole('heading', { name: 'NOC dashboard' }).waitFor();
    const cookie = (await ctx.cookies()).find((c) => c.name === 'pbxw_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false });
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${f.http}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('shows a P1 published over MQTT without a reload, then acknowledges it on the ticket page', async () => {
    await login();
    await page.getByText('No open tickets.').waitFor();
    await page.evaluate(() => {
      (globalThis as unknown as { marker: number }).marker = 42;
    });
    agent = await connectAgent(f, 'acme-hq', secret);
    await publishHeartbeat(f, agent);
    const ev = makeEvent(f, agent, { condition: 'pbx-down', change: 'raised', priority: 'P1' });
    await publishEvent(agent, ev);
    await agent.waitForAck(ev.id);
    const row = page.locator('tr[data-ticket]').first();
    await row.waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(42); // no reload
    const text = await row.innerText();
    expect(text).toContain('P1');
    expect(text).toContain('Acme HQ');
    expect(text).toContain('Acme Dental');
    expect(text).toContain('pbx-down');
    expect(text).toMatch(/response: running\s+\d+m \d\ds left/);
    await page.screenshot({ path: join(OUT, 'dashboard.png'), fullPage: true });

    await row.getByRole('link', { name: /^#\d+$/ }).click();
    await page.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('status').filter({ hasText: 'acknowledge: done' }).waitFor();
    const response = page.locator('tr[data-objective="response"]');
    expect(await response.innerText()).toContain('response: met');
    expect(await page.locator('ol').innerText()).toMatch(/acknowledged by alice/);
    await page.screenshot({ path: join(OUT, 'ticket.png'), fullPage: true });
    const id = f.app.services.ticketRepo.findLive('acme-hq', 'pbx-down')!.id;
    expect(f.app.services.ticketQueries.get(id).sla.response?.state).toBe('met');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${f.http}/`);
    await page.screenshot({ path: join(OUT, 'dashboard-phone.png'), fullPage: true });
  });

  it('renders a hostile site name as text: no dialog fires, the literal text is visible', async () => {
    const s = f.app.services;
    const evil = s.sites.create({ id: 'evil', name: XSS, timeZone: 'UTC' }).mqttSecret;
    agent = await connectAgent(f, 'evil', evil);
    const ev = makeEvent(f, agent, { condition: 'pbx-down', change: 'raised', priority: 'P1' });
    await publishEvent(agent, ev);
    await agent.waitForAck(ev.id);
    await login();
    await page.locator('tr[data-ticket]').first().waitFor();
    for (const path of [
      '/',
      '/sites',
      '/sites/evil',
      `/tickets/${s.ticketRepo.findLive('evil', 'pbx-down')!.id}`,
    ]) {
      await page.goto(`${f.http}${path}`);
      await page.getByText(XSS).first().waitFor();
      expect(await page.locator('img').count()).toBe(0);
    }
    expect(dialogs).toEqual([]);
  });

  it('refuses a form POST without (or with a wrong) CSRF token with 403, and readonly users cannot act', async () => {
    agent = await connectAgent(f, 'acme-hq', secret);
    const ev = makeEvent(f, agent, { condition: 'pbx-down', change: 'raised', priority: 'P1' });
    await publishEvent(agent, ev);
    await agent.waitForAck(ev.id);
    const id = await until(() => f.app.services.ticketRepo.findLive('acme-hq', 'pbx-down')?.id);
    await login();
    // Same-origin fetch from the page carries the session cookie: only the token is missing.
    const status = (body: string) =>
      page.evaluate(
        async ([url, b]) =>
          (
            await fetch(url as string, {
              method: 'POST',
              body: b as string,
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
            })
          ).status,
        [`/tickets/${id}/acknowledge`, body],
      );
    expect(await status('')).toBe(403);
    expect(await status('_csrf=forged')).toBe(403);
    expect(f.app.services.ticketRepo.get(id)?.acknowledgedAt).toBeNull();
    const token = await page.locator('input[name=_csrf]').first().inputValue();
    expect(await status(`_csrf=${encodeURIComponent(token)}`)).toBe(200); // followed the 303
    expect(f.app.services.ticketRepo.get(id)?.acknowledgedBy).toBe('alice');

    await page.getByRole('button', { name: 'Log out' }).click();
    await login('rita');
    await page.goto(`${f.http}/tickets/${id}`);
    expect(await page.getByRole('button', { name: 'Resolve' }).count()).toBe(0);
    const roToken = await page.locator('input[name=_csrf]').first().inputValue();
    expect(await status(`_csrf=${encodeURIComponent(roToken)}`)).toBe(403); // readonly: valid token, no right
  });

  it('ticks countdowns in the browser: running, then warning, then breached (words and colours)', async () => {
    agent = await connectAgent(f, 'acme-hq', secret);
    const ev = makeEvent(f, agent, { condition: 'pbx-down', change: 'raised', priority: 'P1' });
    await publishEvent(agent, ev);
    await agent.waitForAck(ev.id);
    await page.clock.install();
    await login();
    const response = page.locator('tr[data-ticket] .obj').first();
    await response.getByText('running').waitFor();
    // P1 response: 1 h target, warning at 75 % (45 min); the ticket was detected 5 s before.
    // The server's clock and the browser's move together (the page re-syncs to the server's time).
    const advance = async (ms: number) => {
      f.clock.t += ms;
      await page.clock.fastForward(ms);
    };
    await advance(46 * 60_000);
    await response.locator('.st-warning').getByText('warning').waitFor();
    expect(await response.innerText()).toMatch(/response: warning\s+13m 5\ds left/);
    await page.screenshot({ path: join(OUT, 'dashboard-warning.png') });
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
    await ctx.close();
    ctx = await browser.newContext({ timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 900 } });
    page = await ctx.newPage();
    agent = await connectAgent(f, 'acme-hq', secret);
    await publishHeartbeat(f, agent);
    const tel: TelemetryMessage = {
      v: 1,
      kind: 'telemetry',
      siteId: 'acme-hq',
      bootId: agent.bootId,
      seq: ++agent.seq,
      sentAt: new Date(f.clock.now()).toISOString(),
      uptimeMs: agent.uptimeMs,
      at: new Date(f.clock.now()).toISOString(),
      pbx: { vendor: 'ipoffice', snmp: true, sip: true, model: 'IP500 V2', release: '11.1.3.1' },
      stations: { connected: 42, monitored: 40, unmonitored: 2, source: 'snmp' },
      sipRttMs: 12.5,
      eligibility: [{ rule: 'min-release', ok: false, message: 'release 11.1 < 11.2 required' }],
    };
    await agent.client.publishAsync(siteTopic('acme-hq', 'telemetry'), encodeMessage('telemetry', tel), {
      qos: 1,
    });
    await until(() => f.app.services.sites.get('acme-hq').lastTelemetry, 'telemetry stored');
    const ev = makeEvent(f, agent, { condition: 'pbx-down', change: 'raised', priority: 'P1' });
    await publishEvent(agent, ev);
    await agent.waitForAck(ev.id);
    await login();
    await page.locator('tr[data-ticket] a').first().click();
    const row = page.locator('tr[data-objective="response"]');
    await row.waitFor();
    const text = await row.innerText();
    // Detected 14:59:55 UTC, due an hour later: 07:59:55 in Los Angeles, 00:59:55 next day in Tokyo.
    expect(text).toContain('7:59:55 AM America/Los_Angeles');
    expect(text).toMatch(/Nov 24, 2026, 12:59:55 AM GMT\+9/);
    await page.goto(`${f.http}/sites/acme-hq`);
    const facts = await page.locator('dl.facts').innerText();
    expect(facts).toContain('online');
    expect(facts).toContain('IP500 V2');
    expect(facts).toContain('11.1.3.1');
    expect(facts).toContain('42 connected, 40 monitored, 2 unmonitored');
    expect(facts).toContain('12.5 ms');
    expect(await page.locator('main ul').innerText()).toContain(
      'NOT eligible min-release: release 11.1 < 11.2 required',
    );
    await page.screenshot({ path: join(OUT, 'site.png'), fullPage: true });
  });

  it('marks the session cookie Secure behind a TLS proxy (X-Forwarded-Proto: https)', async () => {
    const get = await fetch(`${f.http}/login`);
    const loginCookie = get.headers
      .getSetCookie()
      .find((c) => c.startsWith('pbxw_login='))!
      .split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(await get.text())![1]!;
    const post = await fetch(`${f.http}/login`, {
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
    await login('ada');
    await page.goto(`${f.http}/sites`);
    await page.getByRole('link', { name: 'New site' }).click();
    await page.getByLabel(/Site id/).fill('Bad Id');
    await page.getByLabel('Name', { exact: true }).fill('Branch');
    await page.getByRole('button', { name: 'Create site' }).click();
    await page
      .getByRole('alert')
      .getByText(/site id/)
      .waitFor();
    await page.getByLabel(/Site id/).fill('branch-1');
    await page.getByLabel('Customer').selectOption({ label: 'Acme Dental' });
    await page.getByLabel(/Time zone/).fill('Europe/Paris');
    await page.getByRole('button', { name: 'Create site' }).click();
    const shown = await page.getByLabel(/MQTT secret/).inputValue();
    expect(shown.length).toBeGreaterThan(20);
    expect(await page.locator('pre').innerText()).toContain('username: branch-1');
    expect(f.app.services.sites.get('branch-1')).toMatchObject({ name: 'Branch', timeZone: 'Europe/Paris' });
    agent = await connectAgent(f, 'branch-1', shown); // real MQTT login with the shown secret
    expect(agent.client.connected).toBe(true);
    await page.goto(`${f.http}/sites/branch-1`);
    expect(await page.content()).not.toContain(shown); // never shown again
    await page.getByRole('button', { name: 'Log out' }).click();
    await login('alice');
    const r = await page.goto(`${f.http}/sites/new`);
    expect(r?.status()).toBe(403);
  });

  it('rate-limits login attempts per IP', async () => {
    let last = 0;
    for (let i = 0; i < 11; i++) {
      await page.goto(`${f.http}/login`);
      await page.getByLabel('User name').fill('alice');
      await page.getByLabel('Password').fill('nope');
      const [resp] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Log in' }).click(),
      ]);
      last = resp.status();
      if (i < 10) expect(last).toBe(401);
    }
    expect(last).toBe(429);
  });
});
