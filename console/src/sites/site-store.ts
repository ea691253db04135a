import type { Database } from 'better-sqlite3';
import { hashSecret, randomSecret } from '../auth/passwords.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { prep } from '../store/statements.js';

/**
 * A monitored customer site (one agent). Times epoch ms.
 * @example
 * const s: Site = sites.get('acme-hq');
 */
export interface Site {
  id: string;
  name: string;
  customerId: number | null;
  planKey: string | null;
  timeZone: string;
  createdAt: number;
  online: boolean;
  bootId: string | null;
  lastSeenAt: number | null;
  lastHeartbeatAt: number | null;
  heartbeatIntervalMs: number | null;
  clockOffsetMs: number | null;
  agentVersion: string | null;
  lastTelemetry: unknown;
}

interface Row {
  id: string;
  name: string;
  customer_id: number | null;
  plan_key: string | null;
  time_zone: string;
  created_at: number;
  online: number;
  boot_id: string | null;
  last_seen_at: number | null;
  last_heartbeat_at: number | null;
  heartbeat_interval_ms: number | null;
  clock_offset_ms: number | null;
  agent_version: string | null;
  last_telemetry: string | null;
}

const toSite = (r: Row): Site => ({
  id: r.id,
  name: r.name,
  customerId: r.customer_id,
  planKey: r.plan_key,
  timeZone: r.time_zone,
  createdAt: r.created_at,
  online: r.online === 1,
  bootId: r.boot_id,
  lastSeenAt: r.last_seen_at,
  lastHeartbeatAt: r.last_heartbeat_at,
  heartbeatIntervalMs: r.heartbeat_interval_ms,
  clockOffsetMs: r.clock_offset_ms,
  agentVersion: r.agent_version,
  lastTelemetry: r.last_telemetry ? JSON.parse(r.last_telemetry) : null,
});

/**
 * Fields a caller sets on a site.
 * @example
 * sites.create({ id: 'acme-hq', name: 'Acme HQ', planKey: 'roi-priority', timeZone: 'America/Los_Angeles' } satisfies SiteInput);
 */
export interface SiteInput {
  id: string;
  name: string;
  customerId?: number | null;
  planKey?: string | null;
  timeZone: string;
}

/**
 * Sites and their MQTT credentials. The secret is returned once, at creation or rotation; only its
 * scrypt hash is stored, which the embedded broker's credential store reads.
 * @example
 * const { site, mqttSecret } = sites.create({ id: 'acme-hq', name: 'Acme HQ', timeZone: 'America/Chicago' });
 */
export class SiteStore {
  /** Called after a secret rotation (the embedded broker drops the site's live sessions). */
  onRotate: ((siteId: string) => void) | undefined;

  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  /** Creates a site and returns it with its new MQTT secret (shown once). */
  create(input: SiteInput): { site: Site; mqttSecret: string } {
    if (prep(this.db, 'SELECT 1 FROM sites WHERE id = ?').get(input.id)) {
      throw new ConflictError(`site ${input.id} already exists`);
    }
    if (
      input.customerId != null &&
      !prep(this.db, 'SELECT 1 FROM customers WHERE id = ?').get(input.customerId)
    ) {
      throw new NotFoundError(`customer ${input.customerId} not found`);
    }
    const secret = randomSecret(32);
    prep(
      this.db,
      'INSERT INTO sites (id, name, customer_id, plan_key, time_zone, mqtt_secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      input.id,
      input.name,
      input.customerId ?? null,
      input.planKey ?? null,
      input.timeZone,
      hashSecret(secret),
      this.now(),
    );
    return { site: this.get(input.id), mqttSecret: secret };
  }

  /** A site or NotFound. */
  get(id: string): Site {
    const r = this.find(id);
    if (!r) throw new NotFoundError(`site ${id} not found`);
    return r;
  }

  /** A site or null. */
  find(id: string): Site | null {
    const r = prep(this.db, 'SELECT * FROM sites WHERE id = ?').get(id) as Row | undefined;
    return r ? toSite(r) : null;
  }

  /**
   * A site's time zone alone (the SLA service asks per evaluation of a per-site plan: no need to
   * read and parse the whole row with its telemetry).
   */
  timeZoneOf(id: string): string | undefined {
    const r = prep(this.db, 'SELECT time_zone AS z FROM sites WHERE id = ?').get(id) as
      | { z: string }
      | undefined;
    return r?.z;
  }

  /** A page of sites, optionally of one customer. */
  list(limit: number, offset: number, customerId?: number): { items: Site[]; total: number } {
    const where = customerId === undefined ? '' : 'WHERE customer_id = @customerId';
    const items = (
      prep(this.db, `SELECT * FROM sites ${where} ORDER BY id LIMIT @limit OFFSET @offset`).all({
        limit,
        offset,
        customerId,
      }) as Row[]
    ).map(toSite);
    const total = (
      prep(this.db, `SELECT COUNT(*) AS n FROM sites ${where}`).get({ customerId }) as { n: number }
    ).n;
    return { items, total };
  }

  /** Updates name, customer, plan or time zone (tickets keep the plan version they opened under). */
  update(id: string, patch: Partial<Omit<SiteInput, 'id'>>): Site {
    const s = this.get(id);
    prep(this.db, 'UPDATE sites SET name = ?, customer_id = ?, plan_key = ?, time_zone = ? WHERE id = ?').run(
      patch.name ?? s.name,
      patch.customerId === undefined ? s.customerId : patch.customerId,
      patch.planKey === undefined ? s.planKey : patch.planKey,
      patch.timeZone ?? s.timeZone,
      id,
    );
    return this.get(id);
  }

  /** Replaces the MQTT secret; the old one stops working at the agent's next connect. */
  rotateSecret(id: string): string {
    this.get(id);
    const secret = randomSecret(32);
    prep(this.db, 'UPDATE sites SET mqtt_secret_hash = ? WHERE id = ?').run(hashSecret(secret), id);
    this.onRotate?.(id);
    return secret;
  }

  /** The stored secret hash of a site, for the broker's credential store. */
  secretHash(id: string): string | null {
    const r = prep(this.db, 'SELECT mqtt_secret_hash AS h FROM sites WHERE id = ?').get(id) as
      | { h: string }
      | undefined;
    return r?.h ?? null;
  }
}
