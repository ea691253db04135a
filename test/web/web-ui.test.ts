import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  connectAgent,
  makeEvent,
  publishEvent,
  publishHeartbeat,
  until,
} from '../console/console-fixture.js';
import { OUT, useWebFixture } from './web-fixture.js';

const XSS = '<img src=x onerror=alert(1)>';
const w = useWebFixture();

describe('web UI in chromium against a real console', () => {
  it('redirects to the login, logs in with an HttpOnly SameSite=Strict cookie, logs out', async () => {
    await w.page.goto(`${w.f.http}/`);
    expect(new URL(w.page.url()).pathname).toBe('/login');
    await w.login('alice', 'wrong password');
    await expect(w.page.getByRole('alert').textContent()).resolves.toContain('Wrong user name or password');
    await w.login();
    await w.page.getByRole('heading', { name: 'NOC dashboard' }).waitFor();
    const cookie = (await w.ctx.cookies()).find((c) => c.name === 'pbxw_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false });
    await w.page.getByRole('button', { name: 'Log out' }).click();
    await w.page.waitForURL(/\/login$/);
    await w.page.goto(`${w.f.http}/`);
    expect(new URL(w.page.url()).pathname).toBe('/login');
  });

  it('shows a P1 published over MQTT without a reload, then acknowledges it on the ticket page', async () => {
    await w.login();
    await w.page.getByText('No open tickets.').waitFor();
    await w.page.evaluate(() => {
      (globalThis as unknown as { marker: number }).marker = 42;
    });
    w.agent = await connectAgent(w.f, 'acme-hq', w.secret);
    await publishHeartbeat(w.f, w.agent);
    const ev = makeEvent(w.f, w.agent, { condition: 'pbx-down', change: 'raised', priority: 'P1' });
    await publishEvent(w.agent, ev);
    await w.agent.waitForAck(ev.id);
    const row = w.page.locator('tr[data-ticket]').first();
    await row.waitFor({ timeout: 10_000 });
    expect(await w.page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(42); // no reload
    const text = await row.innerText();
    expect(text).toContain('P1');
    expect(text).toContain('Acme HQ');
    expect(text).toContain('Acme Dental');
    expect(text).toContain('pbx-down');
    expect(text).toMatch(/response: running\s+\d+m \d\ds left/);
    await w.page.screenshot({ path: join(OUT, 'dashboard.png'), fullPage: true });

    await row.getByRole('link', { name: /^#\d+$/ }).click();
    await w.page.getByRole('heading', { name: /Ticket #\d+/ }).waitFor();
    await w.page.getByRole('button', { name: 'Acknowledge' }).click();
    await w.page.getByRole('status').filter({ hasText: 'acknowledge: done' }).waitFor();
    const response = w.page.locator('tr[data-objective="response"]');
    expect(await response.innerText()).toContain('response: met');
    expect(await w.page.locator('ol').innerText()).toMatch(/acknowledged by alice/);
    await w.page.screenshot({ path: join(OUT, 'ticket.png'), fullPage: true });
    const id = w.f.app.services.ticketRepo.findLive('acme-hq', 'pbx-down')!.id;
    expect(w.f.app.services.ticketQueries.get(id).sla.response?.state).toBe('met');

    await w.page.setViewportSize({ width: 390, height: 844 });
    await w.page.goto(`${w.f.http}/`);
    await w.page.screenshot({ path: join(OUT, 'dashboard-phone.png'), fullPage: true });
  });

  it('renders a hostile site name as text: no dialog fires, the literal text is visible', async () => {
    const s = w.f.app.services;
    const evil = s.sites.create({ id: 'evil', name: XSS, timeZone: 'UTC' }).mqttSecret;
    w.agent = await connectAgent(w.f, 'evil', evil);
    const ev = makeEvent(w.f, w.agent, { condition: 'pbx-down', change: 'raised', priority: 'P1' });
    await publishEvent(w.agent, ev);
    await w.agent.waitForAck(ev.id);
    await w.login();
    await w.page.locator('tr[data-ticket]').first().waitFor();
    for (const path of [
      '/',
      '/sites',
      '/sites/evil',
      `/tickets/${s.ticketRepo.findLive('evil', 'pbx-down')!.id}`,
    ]) {
      await w.page.goto(`${w.f.http}${path}`);
      await w.page.getByText(XSS).first().waitFor();
      expect(await w.page.locator('img').count()).toBe(0);
    }
    expect(w.dialogs).toEqual([]);
  });

  it('refuses a form POST without (or with a wrong) CSRF token with 403, and readonly users cannot act', async () => {
    w.agent = await connectAgent(w.f, 'acme-hq', w.secret);
    const ev = makeEvent(w.f, w.agent, { condition: 'pbx-down', change: 'raised', priority: 'P1' });
    await publishEvent(w.agent, ev);
    await w.agent.waitForAck(ev.id);
    const id = await until(() => w.f.app.services.ticketRepo.findLive('acme-hq', 'pbx-down')?.id);
    await w.login();
    // Same-origin fetch from the page carries the session cookie: only the token is missing.
    const status = (body: string) =>
      w.page.evaluate(
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
    expect(w.f.app.services.ticketRepo.get(id)?.acknowledgedAt).toBeNull();
    const token = await w.page.locator('input[name=_csrf]').first().inputValue();
    expect(await status(`_csrf=${encodeURIComponent(token)}`)).toBe(200); // followed the 303
    expect(w.f.app.services.ticketRepo.get(id)?.acknowledgedBy).toBe('alice');

    await w.page.getByRole('button', { name: 'Log out' }).click();
    await w.login('rita');
    await w.page.goto(`${w.f.http}/tickets/${id}`);
    expect(await w.page.getByRole('button', { name: 'Resolve' }).count()).toBe(0);
    const roToken = await w.page.locator('input[name=_csrf]').first().inputValue();
    expect(await status(`_csrf=${encodeURIComponent(roToken)}`)).toBe(403); // readonly: valid token, no right
  });
});
