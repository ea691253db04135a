import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { ConsoleConfigInput } from '../config/config-schema.js';
import { parseConfig } from '../config/load-config.js';
import { type ConsoleServices, createServices } from '../services.js';
import { createCoreSlaEngine } from '../sla/core-sla-engine.js';
import { applyMigrations, openDatabase } from '../store/db.js';
import { consoleMigrations } from '../store/migrations/index.js';
import { ManualTimers } from './manual-timers.js';

/**
 * Services over a real SQLite file in a temp dir, with a test clock and manual timers.
 * @example
 * const h: Harness = makeHarness(); h.clock.t += 60_000; h.close();
 */
export interface Harness extends ConsoleServices {
  clock: { t: number };
  timers: ManualTimers;
  dir: string;
  close(): void;
}

/**
 * Builds a {@link Harness}; call `close()` in afterEach.
 * @example
 * const h = makeHarness(); h.sites.create({ id: 'a', name: 'A', timeZone: 'UTC' }); h.close();
 */
export function makeHarness(
  config: ConsoleConfigInput = {},
  start = Date.parse('2026-11-23T15:00:00Z'),
): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'pbxwatch-console-'));
  const db = openDatabase(join(dir, 'console.sqlite'));
  applyMigrations(db, consoleMigrations());
  const clock = { t: start };
  const timers = new ManualTimers(clock);
  const s = createServices({
    db,
    config: parseConfig({ dataDir: dir, ...config }),
    log: pino({ level: 'silent' }),
    engine: createCoreSlaEngine(),
    now: () => clock.t,
    timers,
  });
  s.plans.syncPresets();
  return {
    ...s,
    clock,
    timers,
    dir,
    close() {
      s.scheduler.stop();
      s.liveness.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
