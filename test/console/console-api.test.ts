import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type ConsoleFixture, startConsole } from './console-fixture.js';

let f: ConsoleFixture;
let noc: string;
let readonly: string;

beforeAll(async () => {
  f = await startConsole();
  noc = (
    await api(f, '/api/v1/tokens', { method: 'POST', body: JSON.stringify({ name: 'desk', role: 'noc' }) })
  ).body.token;
  readonly = (
    await api(f, '/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'wall', role: 'readonly' }),
    })
  ).body.token;
});
afterAll(() => f.close());

describe('console REST API', () => {
  it('serves the OpenAPI 3 document', async () => {
    const r = await api(f, '/api/v1/openapi.json', { token: null });
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    expect(Object.keys(r.body.paths)).toEqual(
      expect.arrayContaining([
        '/tickets',
        '/tickets/{id}/acknowledge',
        '/sites',
        '/plans',
        '/reports/attainment',
      ]),
    );
  });

  it('answers 401 without or with an unknown token, 403 for a role too low', async () => {
    expect((await api(f, '/api/v1/tickets', { token: null })).body).toEqual({
      error: { code: 'unauthorized', message: 'missing bearer token' },
    });
    expect((await api(f, '/api/v1/tickets', { token: 'nope' })).status).toBe(401);
    expect((await api(f, '/api/v1/tickets', { token: readonly })).status).toBe(200);
    const r = await api(f, '/api/v1/customers', {
      method: 'POST',
      token: noc,
      body: JSON.stringify({ name: 'X' }),
    });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect((await api(f, '/api/v1/me', { token: noc })).body).toEqual({
      kind: 'token',
      name: 'desk',
      role: 'noc',
    });
  });

  it('answers 400 naming the field path', async () => {
    const r = await api(f, '/api/v1/sites', {
      method: 'POST',
      body: JSON.stringify({ id: 'Bad Id', name: 'x', timeZone: 'EST' }),
    });
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'body.id',
      'body.timeZone',
    ]);
    const q = await api(f, '/api/v1/tickets?limit=0');
    expect(q.body.error.issues[0].path).toBe('query.limit');
  });

  it('refuses an unknown body field instead of ignoring it (a typo must not create a site without a plan)', async () => {
    const r = await api(f, '/api/v1/sites', {
      method: 'POST',
      body: JSON.stringify({
        id: 'typo-site',
        name: 'Typo',
        timeZone: 'America/Chicago',
        planKey: 'roi-priority',
      }),
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.error.issues)).toMatch(/planKey/);
    expect((await api(f, '/api/v1/sites/typo-site')).status).toBe(404);
  });

  it('creates a customer and a site, returning the MQTT secret only once', async () => {
    const c = await api(f, '/api/v1/customers', { method: 'POST', body: JSON.stringify({ name: 'Acme' }) });
    expect(c.status).toBe(201);
    const s = await api(f, '/api/v1/sites', {
      method: 'POST',
      body: JSON.stringify({
        id: 'acme-hq',
        name: 'Acme HQ',
        customerId: c.body.id,
        plan: 'ipcelerate',
        timeZone: 'America/Chicago',
      }),
    });
    expect(s.status).toBe(201);
    expect(s.body.mqtt.secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const again = await api(f, '/api/v1/sites/acme-hq');
    expect(JSON.stringify(again.body)).not.toContain(s.body.mqtt.secret);
    const hash = f.app.services.sites.secretHash('acme-hq');
    expect(hash).toMatch(/^scrypt\$/);
    expect(
      (
        await api(f, '/api/v1/sites', {
          method: 'POST',
          body: JSON.stringify({ id: 'acme-hq', name: 'x', timeZone: 'UTC' }),
        })
      ).status,
    ).toBe(409);
    const bad = await api(f, '/api/v1/sites', {
      method: 'POST',
      body: JSON.stringify({ id: 'b', name: 'x', timeZone: 'UTC', plan: 'nope' }),
    });
    expect(bad.status).toBe(404);
  });

  it('works a manual ticket through its actions with the noc role; readonly may not', async () => {
    const created = await api(f, '/api/v1/tickets', {
      method: 'POST',
      token: noc,
      body: JSON.stringify({ siteId: 'acme-hq', priority: 'P2', summary: 'customer reports one-way audio' }),
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.sla.response).toMatchObject({ state: 'running', remainingSeconds: 6 * 3600 });
    expect(
      (await api(f, `/api/v1/tickets/${id}/acknowledge`, { method: 'POST', token: readonly })).status,
    ).toBe(403);
    const ack = await api(f, `/api/v1/tickets/${id}/acknowledge`, { method: 'POST', token: noc });
    expect(ack.body).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'token:desk' });
    expect(ack.body.sla.response.state).toBe('met');
    expect((await api(f, `/api/v1/tickets/${id}/acknowledge`, { method: 'POST', token: noc })).status).toBe(
      409,
    );
    const pause = await api(f, `/api/v1/tickets/${id}/pause`, {
      method: 'POST',
      token: noc,
      body: JSON.stringify({ reason: 'customer-access', note: 'no key to the comms room' }),
    });
    expect(pause.body.paused).toBe(true);
    const badPause = await api(f, `/api/v1/tickets/${id}/pause`, {
      method: 'POST',
      token: noc,
      body: JSON.stringify({ reason: 'bored' }),
    });
    expect(badPause.status).toBe(400);
    expect(badPause.body.error.issues[0].path).toBe('body.reason');
    f.clock.t += 600_000;
    await api(f, `/api/v1/tickets/${id}/resume`, { method: 'POST', token: noc });
    await api(f, `/api/v1/tickets/${id}/note`, {
      method: 'POST',
      token: noc,
      body: JSON.stringify({ text: 'replaced handset' }),
    });
    await api(f, `/api/v1/tickets/${id}/resolve`, { method: 'POST', token: noc, body: JSON.stringify({}) });
    const closed = await api(f, `/api/v1/tickets/${id}/close`, {
      method: 'POST',
      token: noc,
      body: JSON.stringify({ note: 'done' }),
    });
    expect(closed.body.state).toBe('closed');
    expect(closed.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'opened',
      'acknowledged',
      'paused',
      'resumed',
      'note',
      'resolved',
      'closed',
    ]);
    expect(closed.body.pauses[0]).toMatchObject({
      reason: 'customer-access',
      pausedBy: 'token:desk',
      resumedBy: 'token:desk',
    });
    expect((await api(f, '/api/v1/tickets/999999')).status).toBe(404);
  });

  it('lists plans (presets and custom), versioning a custom plan on update', async () => {
    const plans = await api(f, '/api/v1/plans');
    expect(plans.body.items.map((p: { key: string }) => p.key)).toContain('roi-priority');
    const def = {
      name: 'night-desk',
      calendar: { always: true },
      priorities: { P1: { response: { clockHours: 1 } } },
    };
    const v1 = await api(f, '/api/v1/plans/night-desk', { method: 'PUT', body: JSON.stringify(def) });
    expect(v1.body).toMatchObject({ key: 'night-desk', source: 'custom', version: 1 });
    const v2 = await api(f, '/api/v1/plans/night-desk', {
      method: 'PUT',
      body: JSON.stringify({ ...def, priorities: { P1: { response: { clockHours: 2 } } } }),
    });
    expect(v2.body.version).toBe(2);
    const bad = await api(f, '/api/v1/plans/broken', {
      method: 'PUT',
      body: JSON.stringify({ ...def, priorities: { P1: { response: {} } } }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('priorities.P1.response');
  });

  it('reports attainment and availability as JSON and CSV', async () => {
    const from = new Date(f.clock.t - 86_400_000).toISOString();
    const to = new Date(f.clock.t + 7 * 86_400_000).toISOString();
    const j = await api(f, `/api/v1/reports/attainment?from=${from}&to=${to}`);
    expect(j.status).toBe(200);
    expect(j.body.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          customer: 'Acme',
          plan: 'ipcelerate',
          priority: 'P2',
          objective: 'response',
          met: 1,
          breached: 0,
          metPct: 100,
        }),
      ]),
    );
    const csv = await api(f, `/api/v1/reports/availability?from=${from}&to=${to}&format=csv`);
    expect(csv.text.split('\r\n')[0]).toBe(
      'siteId,site,periodSeconds,maintenanceSeconds,unknownSeconds,downtimeSeconds,availabilityPct',
    );
    const inverted = await api(f, `/api/v1/reports/availability?from=${to}&to=${from}`);
    expect(inverted.status).toBe(400);
  });

  it('serves health and metrics without a token', async () => {
    expect((await api(f, '/healthz', { token: null })).body.status).toBe('ok');
    const m = await api(f, '/metrics', { token: null });
    expect(m.text).toContain('pbxwatch_open_tickets{priority="P1"}');
  });

  it('streams committed ticket events over SSE with their full context', async () => {
    const ctrl = new AbortController();
    const res = await fetch(`${f.http}/api/v1/events`, {
      headers: { authorization: `Bearer ${readonly}` },
      signal: ctrl.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    await api(f, '/api/v1/tickets', {
      method: 'POST',
      token: noc,
      body: JSON.stringify({ siteId: 'acme-hq', priority: 'P1', summary: 'no dial tone' }),
    });
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    ctrl.abort();
    expect(text).toMatch(/^event: opened\n/);
    const ctx = JSON.parse(/data: (.*)/.exec(text)![1]!);
    expect(ctx).toMatchObject({
      event: { type: 'opened', actor: 'token:desk' },
      ticket: { siteId: 'acme-hq', condition: 'manual', priority: 'P1', summary: 'no dial tone' },
      site: { id: 'acme-hq', timeZone: 'America/Chicago', inMaintenance: false },
      customer: { name: 'Acme' },
    });
  });
});
