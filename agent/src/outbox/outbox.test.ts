import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutbox, type EventBody, type TelemetryBody } from './outbox.js';
import { nextBootNumber, openStateDb } from './state-db.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function setup(limits = { maxEvents: 100, maxTelemetry: 3, maxAge: 3_600_000 }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbxw-outbox-'));
  dirs.push(dir);
  const clock = {
    t: 1_000_000,
    now() {
      return this.t;
    },
  };
  const db = openStateDb(dir);
  return { dir, db, clock, ob: createOutbox(db, limits, clock) };
}
const event = (n: number): Omit<EventBody, 'id'> => ({
  kind: 'event',
  condition: 'stations',
  change: 'raised',
  priority: 'P2',
  at: new Date(n).toISOString(),
  atUptimeMs: n,
  detectedAt: new Date(n).toISOString(),
  summary: `e${n}`,
  detail: {},
});
const telemetry = (n: number): TelemetryBody => ({
  kind: 'telemetry',
  at: new Date(n).toISOString(),
  pbx: { vendor: 'ipoffice', snmp: true, sip: true },
});

describe('outbox', () => {
  it('events are durable in the file and leave only on ack', () => {
    const { dir, db, ob, clock } = setup();
    const a = ob.addEvent(event(1));
    const b = ob.addEvent(event(2));
    db.close();
    const db2 = openStateDb(dir);
    const ob2 = createOutbox(db2, { maxEvents: 100, maxTelemetry: 3, maxAge: 1 }, clock);
    expect(ob2.pendingEvents(10).map((e) => e.id)).toEqual([a, b]);
    expect(ob2.pendingEvents(10, new Set([a])).map((e) => e.id)).toEqual([b]);
    expect(ob2.ack([b, '00000000-0000-4000-8000-00000000dead'])).toBe(1);
    expect(ob2.pendingEvents(10).map((e) => e.summary)).toEqual(['e1']);
    expect(db2.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db2.pragma('synchronous', { simple: true })).toBe(2); // FULL
    db2.close();
  });

  it('telemetry is bounded by count and age and counted; events are not dropped by age', () => {
    const { ob, clock, db } = setup();
    ob.addEvent(event(1));
    for (let i = 0; i < 5; i++) ob.addTelemetry(telemetry(i));
    expect(ob.stats()).toMatchObject({
      pending: 1,
      pendingTelemetry: 3,
      droppedTelemetry: 2,
      droppedEvents: 0,
    });
    expect(ob.takeTelemetry(10).map((r) => r.body.at)).toEqual(
      [2, 3, 4].map((n) => new Date(n).toISOString()),
    );
    clock.t += 2 * 3_600_000;
    expect(ob.takeTelemetry(10)).toEqual([]);
    expect(ob.stats()).toMatchObject({ pending: 1, droppedTelemetry: 5 });
    db.close();
  });

  it('at the hard cap telemetry goes first, then the oldest event, counted', () => {
    const { ob, db } = setup({ maxEvents: 100, maxTelemetry: 10, maxAge: 3_600_000 });
    for (let i = 0; i < 3; i++) ob.addTelemetry(telemetry(i));
    for (let i = 0; i < 101; i++) ob.addEvent(event(i));
    const s = ob.stats();
    expect(s).toMatchObject({ pending: 100, pendingTelemetry: 0, droppedTelemetry: 3, droppedEvents: 1 });
    expect(ob.pendingEvents(1)[0]?.summary).toBe('e1');
    db.close();
  });

  it('boot counter persists', () => {
    const { dir, db } = setup();
    expect(nextBootNumber(db)).toBe(1);
    db.close();
    const db2 = openStateDb(dir);
    expect(nextBootNumber(db2)).toBe(2);
    db2.close();
  });
});
