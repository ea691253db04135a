import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { type ConsoleFixture, type FakeAgent, startConsole } from '../console/console-fixture.js';

/**
 * Where screenshots go (gitignored).
 * @example
 * await page.screenshot({ path: join(OUT, 'dashboard.png') });
 */
export const OUT = join(import.meta.dirname, '..', 'output');
/**
 * Password of every test user.
 * @example
 * await w.login('ada', PASSWORD);
 */
export const PASSWORD = 'correct horse battery';

/**
 * What a web UI test works with; fields are set by the hooks {@link useWebFixture} installs.
 * @example
 * await w.page.goto(`${w.f.http}/`);
 */
export interface WebFixture {
  browser: Browser;
  f: ConsoleFixture;
  ctx: BrowserContext;
  page: Page;
  agent: FakeAgent | undefined;
  /** MQTT secret of site `acme-hq` (customer Acme Dental, America/Los_Angeles). */
  secret: string;
  dialogs: string[];
  pageErrors: string[];
  /** Logs in through the form (alice = noc, rita = readonly, ada = admin). */
  login(user?: string, password?: string): Promise<void>;
}

/**
 * Installs hooks: one Debian chromium per file; per test a real console (temp SQLite, embedded
 * broker and HTTP on port 0), users, a site, and a fresh browser context; page errors fail the test.
 * @example
 * const w = useWebFixture(); it('…', async () => { await w.login(); });
 */
export function useWebFixture(): WebFixture {
  const w = { dialogs: [], pageErrors: [] } as unknown as WebFixture;
  w.login = async (user = 'alice', password = PASSWORD) => {
    await w.page.goto(`${w.f.http}/login`);
    await w.page.getByLabel('User name').fill(user);
    await w.page.getByLabel('Password').fill(password);
    await w.page.getByRole('button', { name: 'Log in' }).click();
  };
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    w.browser = await chromium.launch({
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
    await w.browser?.close();
  });
  beforeEach(async () => {
    w.f = await startConsole();
    const s = w.f.app.services;
    const acme = s.customers.create({ name: 'Acme Dental' });
    w.secret = s.sites.create({
      id: 'acme-hq',
      name: 'Acme HQ',
      customerId: acme.id,
      planKey: 'roi-priority',
      timeZone: 'America/Los_Angeles',
    }).mqttSecret;
    s.users.create('alice', PASSWORD, 'noc');
    s.users.create('rita', PASSWORD, 'readonly');
    s.users.create('ada', PASSWORD, 'admin');
    w.ctx = await w.browser.newContext({ viewport: { width: 1280, height: 800 } });
    w.page = await w.ctx.newPage();
    w.dialogs = [];
    w.pageErrors = [];
    w.page.on('pageerror', (e) => w.pageErrors.push(e.message));
    w.page.on('dialog', (d) => {
      w.dialogs.push(d.message());
      void d.dismiss();
    });
  });
  afterEach(async () => {
    expect(w.pageErrors).toEqual([]); // the client script never throws
    await w.agent?.client.endAsync(true);
    w.agent = undefined;
    await w.ctx?.close();
    await w.f.close();
  });
  return w;
}
