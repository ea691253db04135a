import type { Database } from 'better-sqlite3';
import { NotFoundError, ValidationError } from '../errors.js';
import { prep } from '../store/statements.js';

/**
 * A planned maintenance window of a site, `[startsAt, endsAt)` in epoch ms.
 * @example
 * const w: MaintenanceWindow = maintenance.create({ siteId, startsAt, endsAt, reason: 'upgrade' }, 'alice');
 */
export interface MaintenanceWindow {
  id: number;
  siteId: string;
  startsAt: number;
  endsAt: number;
  reason: string;
  createdBy: string;
  createdAt: number;
}

const COLS =
  'id, site_id AS siteId, starts_at AS startsAt, ends_at AS endsAt, reason, created_by AS createdBy, created_at AS createdAt';

/**
 * Maintenance windows: conditions detected inside one open no ticket, and the time is excluded
 * from availability.
 * @example
 * maint.create({ siteId: 'acme-hq', startsAt, endsAt, reason: 'firmware' }, 'alice');
 * maint.activeAt('acme-hq', startsAt); // true
 */
export class MaintenanceStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  /** Creates a window; its end must be after its start, and the site must exist. */
  create(
    input: { siteId: string; startsAt: number; endsAt: number; reason: string },
    actor: string,
  ): MaintenanceWindow {
    if (!(input.endsAt > input.startsAt)) {
      throw new ValidationError('endsAt must be after startsAt', [
        { path: 'endsAt', message: 'must be after startsAt' },
      ]);
    }
    if (!prep(this.db, 'SELECT 1 FROM sites WHERE id = ?').get(input.siteId)) {
      throw new NotFoundError(`site ${input.siteId} not found`);
    }
    const r = prep(
      this.db,
      'INSERT INTO maintenance_windows (site_id, starts_at, ends_at, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(input.siteId, input.startsAt, input.endsAt, input.reason, actor, this.now());
    return this.get(Number(r.lastInsertRowid));
  }

  /** A window or NotFound. */
  get(id: number): MaintenanceWindow {
    const w = prep(this.db, `SELECT ${COLS} FROM maintenance_windows WHERE id = ?`).get(id) as
      | MaintenanceWindow
      | undefined;
    if (!w) throw new NotFoundError(`maintenance window ${id} not found`);
    return w;
  }

  /** Windows of a site (or all) overlapping `[from, to)`. */
  list(filter: { siteId?: string; from?: number; to?: number }): MaintenanceWindow[] {
    return prep(
      this.db,
      `SELECT ${COLS} FROM maintenance_windows
         WHERE (@siteId IS NULL OR site_id = @siteId) AND ends_at > @from AND starts_at < @to ORDER BY starts_at`,
    ).all({
      siteId: filter.siteId ?? null,
      from: filter.from ?? 0,
      to: filter.to ?? Number.MAX_SAFE_INTEGER,
    }) as MaintenanceWindow[];
  }

  /** Deletes a window. */
  delete(id: number): void {
    this.get(id);
    prep(this.db, 'DELETE FROM maintenance_windows WHERE id = ?').run(id);
  }

  /** Whether the site is inside a window at `at`. */
  activeAt(siteId: string, at: number): boolean {
    return !!prep(
      this.db,
      'SELECT 1 FROM maintenance_windows WHERE site_id = ? AND starts_at <= ? AND ends_at > ? LIMIT 1',
    ).get(siteId, at, at);
  }
}
