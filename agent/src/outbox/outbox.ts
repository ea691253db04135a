import { randomUUID } from 'node:crypto';
import type { EventMessage, TelemetryMessage } from '@pbxwatch/core/protocol';
import { getMeta, type StateDb, setMeta } from './state-db.js';

/** An event as stored: the message without the envelope, which is stamped at each send. */
export type EventBody = Omit<EventMessage, 'v' | 'siteId' | 'bootId' | 'seq' | 'sentAt' | 'uptimeMs'>;
/** Telemetry as stored, without the envelope. */
export type TelemetryBody = Omit<TelemetryMessage, 'v' | 'siteId' | 'bootId' | 'seq' | 'sentAt' | 'uptimeMs'>;

/** Bounds of the outbox (config `outbox`). */
export interface OutboxLimits {
  /** Hard cap of stored events; beyond it the oldest event is dropped, counted and logged. */
  maxEvents: number;
  /** Most telemetry rows kept while offline; the oldest go first. */
  maxTelemetry: number;
  /** Telemetry older than this is dropped (events are never dropped for age). */
  maxAge: number;
}

/**
 * The durable outbox (SQLite, fsync'd): every condition change is inserted here before it is
 * published and deleted only when the console's ack for its id arrives.
 * @example
 * const ob = createOutbox(db, limits, clock);
 * const id = ob.addEvent({ kind: 'event', condition: 'pbx-down', ... });
 */
export interface Outbox {
  /** Stores an event (id assigned here unless given) and returns its id. */
  addEvent(body: Omit<EventBody, 'id'> & { id?: string }): string;
  /** Stores telemetry for later (offline); enforces the telemetry bounds. */
  addTelemetry(body: TelemetryBody): void;
  /** Oldest pending events first, skipping `exclude` (those already in flight). */
  pendingEvents(limit: number, exclude?: ReadonlySet<string>): EventBody[];
  /** Deletes the acked events; returns how many were pending. */
  ack(ids: readonly string[]): number;
  /** Oldest stored telemetry with its row ids. */
  takeTelemetry(limit: number): { rowid: number; body: TelemetryBody }[];
  deleteTelemetry(rowids: readonly number[]): void;
  /** Pending events and the drop counters (cumulative, persisted) for heartbeats. */
  stats(): { pending: number; pendingTelemetry: number; droppedTelemetry: number; droppedEvents: number };
}

/**
 * Creates the outbox over an open state database.
 * @example
 * const ob = createOutbox(openStateDb(dir), { maxEvents: 20000, maxTelemetry: 2880, maxAge: 7 * 86_400_000 }, { now: () => Date.now() });
 */
export function createOutbox(
  db: StateDb,
  limits: OutboxLimits,
  clock: { now(): number },
  onDrop?: (what: 'event' | 'telemetry', count: number) => void,
): Outbox {
  const insEvent = db.prepare('INSERT INTO outbox_events (id, created_at, body) VALUES (?, ?, ?)');
  const insTelemetry = db.prepare('INSERT INTO outbox_telemetry (created_at, body) VALUES (?, ?)');
  const countEvents = db.prepare('SELECT count(*) AS n FROM outbox_events');
  const countTelemetry = db.prepare('SELECT count(*) AS n FROM outbox_telemetry');
  const bump = (key: string, by: number) => setMeta(db, key, String(Number(getMeta(db, key) ?? '0') + by));

  const trimTelemetry = (extraRoom: number) => {
    const cutoff = clock.now() - limits.maxAge;
    let dropped = db.prepare('DELETE FROM outbox_telemetry WHERE created_at < ?').run(cutoff).changes;
    const n = (countTelemetry.get() as { n: number }).n;
    const over = n + extraRoom - limits.maxTelemetry;
    if (over > 0) {
      dropped += db
        .prepare(
          'DELETE FROM outbox_telemetry WHERE rowid IN (SELECT rowid FROM outbox_telemetry ORDER BY rowid LIMIT ?)',
        )
        .run(over).changes;
    }
    if (dropped > 0) {
      bump('droppedTelemetry', dropped);
      onDrop?.('telemetry', dropped);
    }
  };

  return {
    addEvent(body) {
      const id = body.id ?? randomUUID();
      db.transaction(() => {
        const n = (countEvents.get() as { n: number }).n;
        if (n >= limits.maxEvents) {
          // Telemetry always goes first: it is the droppable part of the box.
          const t = db.prepare('DELETE FROM outbox_telemetry').run().changes;
          if (t > 0) bump('droppedTelemetry', t);
          const over = n - limits.maxEvents + 1;
          db.prepare(
            'DELETE FROM outbox_events WHERE rowid IN (SELECT rowid FROM outbox_events ORDER BY rowid LIMIT ?)',
          ).run(over);
          bump('droppedEvents', over);
          onDrop?.('event', over);
        }
        insEvent.run(id, clock.now(), JSON.stringify({ ...body, id }));
      })();
      return id;
    },
    addTelemetry(body) {
      if (limits.maxTelemetry <= 0) {
        bump('droppedTelemetry', 1);
        return;
      }
      db.transaction(() => {
        trimTelemetry(1);
        insTelemetry.run(clock.now(), JSON.stringify(body));
      })();
    },
    pendingEvents(limit, exclude) {
      const out: EventBody[] = [];
      const it = db.prepare('SELECT body FROM outbox_events ORDER BY rowid').iterate() as Iterable<{
        body: string;
      }>;
      for (const row of it) {
        const b = JSON.parse(row.body) as EventBody;
        if (exclude?.has(b.id)) continue;
        out.push(b);
        if (out.length >= limit) break;
      }
      return out;
    },
    ack(ids) {
      const del = db.prepare('DELETE FROM outbox_events WHERE id = ?');
      return db.transaction(() => {
        const n = ids.reduce((sum, id) => sum + del.run(id).changes, 0);
        if (n > 0) setMeta(db, 'lastAckAt', String(clock.now()));
        return n;
      })();
    },
    takeTelemetry(limit) {
      trimTelemetry(0);
      const rows = db
        .prepare('SELECT rowid, body FROM outbox_telemetry ORDER BY rowid LIMIT ?')
        .all(limit) as {
        rowid: number;
        body: string;
      }[];
      return rows.map((r) => ({ rowid: r.rowid, body: JSON.parse(r.body) as TelemetryBody }));
    },
    deleteTelemetry(rowids) {
      const del = db.prepare('DELETE FROM outbox_telemetry WHERE rowid = ?');
      db.transaction(() => {
        for (const r of rowids) del.run(r);
      })();
    },
    stats() {
      return {
        pending: (countEvents.get() as { n: number }).n,
        pendingTelemetry: (countTelemetry.get() as { n: number }).n,
        droppedTelemetry: Number(getMeta(db, 'droppedTelemetry') ?? '0'),
        droppedEvents: Number(getMeta(db, 'droppedEvents') ?? '0'),
      };
    },
  };
}
