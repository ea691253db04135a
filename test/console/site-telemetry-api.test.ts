import { encodeMessage, siteTopic } from '@pbxwatch/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telemetryMessage } from '../../console/src/test-helpers/telemetry-message.js';
import { api, type ConsoleFixture, startConsole } from './console-fixture.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

let f: ConsoleFixture;

beforeAll(async () => {
  f = await startConsole();
  f.app.services.sites.create({ id: 'acme-hq', name: 'Acme HQ', timeZone: 'UTC' });
  const now = f.clock.now(); // 15:00:00Z
  const polls = [
    { at: now - 2 * HOUR, connected: 48, sipRttMs: 10 },
    { at: now - 2 * HOUR + 30_000, connected: 12, sipRttMs: 30 },
    // SIP down: stations known, no round trip.
    { at: now - HOUR, connected: 40, sipRttMs: null },
    { at: now - 3 * 24 * HOUR, connected: 45, sipRttMs: 8 },
  ];
  // Through the real ingest path, as the agent's telemetry arrives.
  for (const p of polls) {
    const m = telemetryMessage('acme-hq', p.at, now, { connected: p.connected, sipRttMs: p.sipRttMs });
    f.app.services.ingest.receive(siteTopic('acme-hq', 'telemetry'), encodeMessage('telemetry', m));
  }
  f.app.services.ingest.flush();
});
afterAll(() => f.close());

describe('GET /api/v1/sites/{id}/telemetry', () => {
  it('24h (default): 288 five-minute buckets, samples where polls were, null gaps elsewhere', async () => {
    const r = await api(f, '/api/v1/sites/acme-hq/telemetry');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      siteId: 'acme-hq',
      range: '24h',
      bucketSeconds: 300,
      from: '2026-11-22T15:05:00.000Z',
      to: '2026-11-23T15:05:00.000Z',
    });
    const points = r.body.points as Record<string, unknown>[];
    expect(points).toHaveLength(288);
    const filled = points.filter((p) => (p.samples as number) > 0);
    expect(filled).toEqual([
      {
        at: '2026-11-23T13:00:00.000Z',
        samples: 2,
        connected: 12,
        connectedMin: 12,
        monitored: 48,
        ratio: 0.25,
        ratioMin: 0.25,
        sipRttMs: 20,
        sipRttMaxMs: 30,
      },
      {
        at: '2026-11-23T14:00:00.000Z',
        samples: 1,
        connected: 40,
        connectedMin: 40,
        monitored: 48,
        ratio: 0.8333,
        ratioMin: 0.8333,
        sipRttMs: null,
        sipRttMaxMs: null,
      },
    ]);
    // Gaps are nulls, never zeros: every value of a bucket without polls.
    const { at, samples, ...values } = points[0]!;
    expect([at, samples]).toEqual(['2026-11-22T15:05:00.000Z', 0]);
    expect(Object.keys(values)).toHaveLength(7);
    expect(Object.values(values).every((x) => x === null)).toBe(true);
  });

  it('7d: 168 hourly buckets, including the poll three days ago', async () => {
    const r = await api(f, '/api/v1/sites/acme-hq/telemetry?range=7d');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ range: '7d', bucketSeconds: 3600, to: '2026-11-23T16:00:00.000Z' });
    const filled = (r.body.points as { at: string; samples: number; connected: number | null }[])
      .filter((p) => p.samples > 0)
      .map((p) => [p.at, p.samples, p.connected]);
    expect(filled).toEqual([
      ['2026-11-20T15:00:00.000Z', 1, 45],
      ['2026-11-23T13:00:00.000Z', 2, 12],
      ['2026-11-23T14:00:00.000Z', 1, 40],
    ]);
  });

  it('answers 404 for an unknown site and 400 naming query.range for a bad range', async () => {
    const missing = await api(f, '/api/v1/sites/nowhere/telemetry');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: 'not-found', message: 'site nowhere not found' });
    const bad = await api(f, '/api/v1/sites/acme-hq/telemetry?range=1y');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation');
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['query.range']);
  });

  it('needs a token and is in the OpenAPI document', async () => {
    expect((await api(f, '/api/v1/sites/acme-hq/telemetry', { token: null })).status).toBe(401);
    const doc = await api(f, '/api/v1/openapi.json', { token: null });
    const op = doc.body.paths['/sites/{id}/telemetry'].get;
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['id', 'range']);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '404']));
    expect(doc.body.components.schemas.SiteTelemetry).toBeDefined();
  });
});
