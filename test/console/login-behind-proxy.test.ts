/**
 * The login limit behind a reverse proxy, over real HTTP to a real console: the deployment in
 * docs/deploy.md puts nginx or Caddy on the console's host, so every login arrives from 127.0.0.1.
 * The limit must still be per client (X-Forwarded-For from a trusted proxy), or one guesser locks
 * every NOC engineer out; and a header from anyone else must not let a guesser pick fresh keys.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ConsoleFixture, startConsole } from './console-fixture.js';

const PASSWORD = 'correct horse battery';
let f: ConsoleFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

async function start(http: Record<string, unknown> = {}) {
  f = await startConsole({ http: { host: '127.0.0.1', port: 0, ...http } });
  f.app.services.users.create('alice', PASSWORD, 'noc');
  return f;
}

/** GET /login for its CSRF cookie and token, then POST the form as `forwardedFor` (if any). */
async function login(base: string, password: string, forwardedFor?: string): Promise<number> {
  const page = await fetch(`${base}/login`);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const r = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie,
      'content-type': 'application/x-www-form-urlencoded',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: new URLSearchParams({ _csrf: csrf, username: 'alice', password }),
  });
  await r.arrayBuffer();
  return r.status;
}

describe('login attempts per client behind a reverse proxy', () => {
  it('limits the guesser and lets the engineer behind the same proxy in (loopback trusted by default)', async () => {
    const { http } = await start();
    for (let i = 0; i < 10; i++) expect(await login(http, 'nope', '203.0.113.7')).toBe(401);
    expect(await login(http, 'nope', '203.0.113.7')).toBe(429);
    // The guesser cannot choose a new key by sending its own header: the proxy appends the real one.
    expect(await login(http, 'nope', '198.51.100.1, 203.0.113.7')).toBe(429);
    expect(await login(http, PASSWORD, '203.0.113.8')).toBe(303);
  });

  it('ignores X-Forwarded-For when no proxy is trusted', async () => {
    const { http } = await start({ trustedProxies: [] });
    for (let i = 0; i < 10; i++) expect(await login(http, 'nope', `203.0.113.${i}`)).toBe(401);
    expect(await login(http, PASSWORD, '203.0.113.99')).toBe(429);
  });
});
