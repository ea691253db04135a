import type { Database } from 'better-sqlite3';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { prep } from '../store/statements.js';
import type { SlaEngine } from './sla-port.js';

/**
 * A plan with its current definition.
 * @example
 * const p: PlanInfo = plans.get('roi-priority');
 */
export interface PlanInfo {
  key: string;
  source: 'preset' | 'custom';
  version: number;
  versionId: number;
  definition: unknown;
}

/**
 * Plans as versioned JSON: every definition ever used stays in `plan_versions`, and a ticket points
 * at the version it was opened under, so changing a plan never rewrites history.
 * @example
 * const plans = new PlanStore(db, engine, () => Date.now());
 * plans.syncPresets();
 * plans.currentVersionId('roi-priority'); // 1
 */
export class PlanStore {
  private readonly versions = new Map<number, unknown>();

  constructor(
    private readonly db: Database,
    private readonly engine: SlaEngine,
    private readonly now: () => number,
  ) {}

  /** Records each preset, adding a version when core's definition changed since last start. */
  syncPresets(): void {
    this.db.transaction(() => {
      for (const p of this.engine.presets()) {
        const cur = this.current(p.key);
        if (cur && cur.source === 'custom') continue;
        if (!cur) {
          prep(
            this.db,
            "INSERT INTO plans (key, source, current_version, created_at) VALUES (?, 'preset', 0, ?)",
          ).run(p.key, this.now());
        }
        if (!cur || JSON.stringify(cur.definition) !== JSON.stringify(p.definition))
          this.addVersion(p.key, p.definition);
      }
    })();
  }

  private addVersion(key: string, definition: unknown): number {
    const { v } = prep(this.db, 'SELECT current_version AS v FROM plans WHERE key = ?').get(key) as {
      v: number;
    };
    const r = prep(
      this.db,
      'INSERT INTO plan_versions (plan_key, version, definition, created_at) VALUES (?, ?, ?, ?)',
    ).run(key, v + 1, JSON.stringify(definition), this.now());
    prep(this.db, 'UPDATE plans SET current_version = ? WHERE key = ?').run(v + 1, key);
    return Number(r.lastInsertRowid);
  }

  private validate(definition: unknown): unknown {
    const r = this.engine.validatePlan(definition);
    if (!r.ok)
      throw new ValidationError(
        `invalid plan: ${r.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        r.issues,
      );
    return r.plan;
  }

  /** Creates a custom plan (version 1). */
  createCustom(key: string, definition: unknown): PlanInfo {
    const plan = this.validate(definition);
    if (this.current(key)) throw new ConflictError(`plan ${key} already exists`);
    this.db.transaction(() => {
      prep(
        this.db,
        "INSERT INTO plans (key, source, current_version, created_at) VALUES (?, 'custom', 0, ?)",
      ).run(key, this.now());
      this.addVersion(key, plan);
    })();
    return this.get(key);
  }

  /** Stores a new version of a custom plan; open tickets keep theirs. */
  updateCustom(key: string, definition: unknown): PlanInfo {
    const cur = this.get(key);
    if (cur.source !== 'custom') throw new ConflictError(`plan ${key} is a preset; copy it under a new key`);
    const plan = this.validate(definition);
    this.db.transaction(() => this.addVersion(key, plan))();
    return this.get(key);
  }

  private current(key: string): PlanInfo | null {
    const r = prep(
      this.db,
      `SELECT p.key, p.source, p.current_version AS version, v.id AS versionId, v.definition
         FROM plans p JOIN plan_versions v ON v.plan_key = p.key AND v.version = p.current_version WHERE p.key = ?`,
    ).get(key) as (Omit<PlanInfo, 'definition'> & { definition: string }) | undefined;
    return r ? { ...r, definition: JSON.parse(r.definition) } : null;
  }

  /** A plan's current version, or NotFound. */
  get(key: string): PlanInfo {
    const p = this.current(key);
    if (!p) throw new NotFoundError(`plan ${key} not found`);
    return p;
  }

  /** Whether a plan key exists. */
  has(key: string): boolean {
    return !!prep(this.db, 'SELECT 1 FROM plans WHERE key = ?').get(key);
  }

  /** Every plan, presets first. */
  list(): PlanInfo[] {
    const keys = prep(this.db, "SELECT key FROM plans ORDER BY source = 'custom', key").all() as {
      key: string;
    }[];
    return keys.map((k) => this.get(k.key));
  }

  /** The id of a plan's current version, or null for an unknown key. */
  currentVersionId(key: string): number | null {
    const r = prep(
      this.db,
      'SELECT v.id FROM plans p JOIN plan_versions v ON v.plan_key = p.key AND v.version = p.current_version WHERE p.key = ?',
    ).get(key) as { id: number } | undefined;
    return r?.id ?? null;
  }

  /** The definition of one stored version (immutable, so cached). */
  version(id: number): unknown {
    if (this.versions.has(id)) return this.versions.get(id);
    const r = prep(this.db, 'SELECT definition FROM plan_versions WHERE id = ?').get(id) as
      | { definition: string }
      | undefined;
    if (!r) throw new NotFoundError(`plan version ${id} not found`);
    const def = JSON.parse(r.definition);
    this.versions.set(id, def);
    return def;
  }
}
