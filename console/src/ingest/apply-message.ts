import type {
  AgentChannel,
  ChannelMessage,
  EventMessage,
  HeartbeatMessage,
  StatusMessage,
} from '@pbxwatch/core';
import type { Database, Statement } from 'better-sqlite3';
import type { TelemetryHistory } from '../sites/telemetry-history.js';
import type { TicketService } from '../tickets/ticket-service.js';
import type { ClockOffsetEstimator } from './clock-offset.js';
import { correctEventTimes, correctTelemetryTime } from './correct-time.js';

/**
 * A decoded message with what the transport knows about it.
 * @example
 * applier.apply({ channel: 'heartbeat', siteId, message, receivedAt: now, retained: false });
 */
export interface Received<C extends AgentChannel = AgentChannel> {
  channel: C;
  siteId: string;
  message: ChannelMessage[C];
  receivedAt: number;
  retained: boolean;
}

/**
 * What applying a message produced: an event id to acknowledge, and whether it was new.
 * @example
 * const { ackId, duplicate }: ApplyResult = applier.apply(rec);
 */
export interface ApplyResult {
  ackId?: string;
  duplicate?: boolean;
}

/**
 * Applies one validated message to the store (call inside a transaction): events are deduped by
 * id and drive tickets; heartbeats and status drive liveness and the clock estimate; telemetry
 * keeps the last value and adds to the site's history.
 * @example
 * const r = applier.apply({ channel: 'events', siteId, message, receivedAt, retained: false });
 */
export class MessageApplier {
  private readonly st: Record<
    'insertEvent' | 'eventTicket' | 'site' | 'heartbeat' | 'seen' | 'telemetry' | 'online',
    Statement
  >;

  constructor(
    db: Database,
    private readonly tickets: TicketService,
    private readonly clock: ClockOffsetEstimator,
    private readonly toleranceMs: number,
    private readonly history: TelemetryHistory,
  ) {
    this.st = {
      insertEvent: db.prepare(
        `INSERT OR IGNORE INTO events (id, site_id, condition, change, priority, agent_at, at, detected_at, time_corrected,
         offset_ms, received_at, summary, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      eventTicket: db.prepare('UPDATE events SET ticket_id = ? WHERE id = ?'),
      site: db.prepare('SELECT online, last_seen_at AS lastSeenAt FROM sites WHERE id = ?'),
      heartbeat: db.prepare(
        `UPDATE sites SET last_heartbeat_at = ?, last_seen_at = ?, heartbeat_interval_ms = ?, boot_id = ?, agent_version = ?,
         clock_offset_ms = ?, online = 1 WHERE id = ?`,
      ),
      seen: db.prepare('UPDATE sites SET last_seen_at = ? WHERE id = ?'),
      // The newest poll wins by console time, not by arrival: see migration 004.
      telemetry: db.prepare(
        `UPDATE sites SET
           last_telemetry = CASE WHEN last_telemetry_at IS NULL OR @at >= last_telemetry_at THEN @json ELSE last_telemetry END,
           last_telemetry_at = MAX(COALESCE(last_telemetry_at, @at), @at),
           last_seen_at = @seen
         WHERE id = @site`,
      ),
      online: db.prepare('UPDATE sites SET online = ?, boot_id = ? WHERE id = ?'),
    };
  }

  /** Applies one message. */
  apply(r: Received): ApplyResult {
    switch (r.channel) {
      case 'events':
        return this.event(r as Received<'events'>);
      case 'heartbeat':
        this.heartbeat(r as Received<'heartbeat'>);
        return {};
      case 'status':
        this.status(r as Received<'status'>);
        return {};
      case 'telemetry': {
        const m = r.message as ChannelMessage['telemetry'];
        const offset = this.clock.sample(r.siteId, m.bootId, Date.parse(m.sentAt), r.receivedAt);
        // Filed under the poll's corrected time, as events are, not the receive time: polls
        // replayed from the outbox after a WAN cut belong where they happened.
        const at = correctTelemetryTime(Date.parse(m.at), r.receivedAt, offset, this.toleranceMs);
        this.st.telemetry.run({ json: JSON.stringify(m), at, seen: r.receivedAt, site: r.siteId });
        this.history.record(r.siteId, at, m, r.receivedAt);
        return {};
      }
    }
  }

  private event(r: Received<'events'>): ApplyResult {
    const ev: EventMessage = r.message;
    const offset = this.clock.sample(r.siteId, ev.bootId, Date.parse(ev.sentAt), r.receivedAt);
    // The agent names the boot an event happened in when that is not the sending boot.
    const atBootId = typeof ev.detail.atBootId === 'string' ? ev.detail.atBootId : ev.bootId;
    const same = atBootId === ev.bootId;
    const atBoot = { same, offsetMs: same ? offset : (this.clock.offset(r.siteId, atBootId) ?? offset) };
    const t = correctEventTimes(ev, r.receivedAt, offset, this.toleranceMs, atBoot);
    const ins = this.st.insertEvent.run(
      ev.id,
      r.siteId,
      ev.condition,
      ev.change,
      ev.priority,
      t.agentAt,
      t.at,
      t.detectedAt,
      t.corrected ? 1 : 0,
      t.corrected ? t.offsetMs : null,
      r.receivedAt,
      ev.summary,
      JSON.stringify(ev.detail),
    );
    // Redelivered (the agent never got our ack): no second effect, but acknowledge again.
    if (ins.changes === 0) return { ackId: ev.id, duplicate: true };
    this.st.seen.run(r.receivedAt, r.siteId);
    const out = this.tickets.applyCondition({
      siteId: r.siteId,
      condition: ev.condition,
      change: ev.change,
      priority: ev.priority,
      at: t.at,
      detectedAt: t.detectedAt,
      summary: ev.summary,
      timeCorrected: t.corrected,
      offsetMs: t.corrected ? t.offsetMs : null,
      actor: `agent:${r.siteId}`,
    });
    if (out.ticketId !== null) this.st.eventTicket.run(out.ticketId, ev.id);
    return { ackId: ev.id };
  }

  private heartbeat(r: Received<'heartbeat'>): void {
    const hb: HeartbeatMessage = r.message;
    const offset = this.clock.sample(r.siteId, hb.bootId, Date.parse(hb.sentAt), r.receivedAt);
    const wasOnline = (this.st.site.get(r.siteId) as { online: number }).online === 1;
    this.st.heartbeat.run(
      r.receivedAt,
      r.receivedAt,
      hb.intervalMs,
      hb.bootId,
      hb.agentVersion,
      offset,
      r.siteId,
    );
    if (!wasOnline) this.backOnline(r.siteId, r.receivedAt);
  }

  private status(r: Received<'status'>): void {
    const s: StatusMessage = r.message;
    const site = this.st.site.get(r.siteId) as { online: number; lastSeenAt: number | null };
    if (s.state === 'online') {
      this.st.online.run(1, s.bootId, r.siteId);
      this.st.seen.run(r.receivedAt, r.siteId);
      this.backOnline(r.siteId, r.receivedAt);
      return;
    }
    this.st.online.run(0, s.bootId, r.siteId);
    // A will is published by the broker when the link drops, so it is "now"; a retained one seen
    // at console start happened at the site's last sign of life.
    const at = r.retained && site.lastSeenAt !== null ? site.lastSeenAt : r.receivedAt;
    this.raiseOffline(r.siteId, at, 'agent connection lost (will message)');
  }

  /** Opens (or keeps) the site's `agent-offline` ticket. */
  raiseOffline(siteId: string, at: number, summary: string): void {
    this.tickets.applyCondition({
      siteId,
      condition: 'agent-offline',
      change: 'raised',
      priority: 'P2',
      at,
      detectedAt: at,
      summary,
      timeCorrected: false,
      offsetMs: null,
      actor: 'console',
    });
  }

  private backOnline(siteId: string, at: number): void {
    this.tickets.applyCondition({
      siteId,
      condition: 'agent-offline',
      change: 'cleared',
      priority: 'P2',
      at,
      detectedAt: at,
      summary: 'agent back online',
      timeCorrected: false,
      offsetMs: null,
      actor: 'console',
    });
  }
}
