import pino, { type Logger } from 'pino';

/**
 * The agent's logger: pino JSON lines on stdout (journald captures them); nothing is written to
 * files, so the agent writes only its state directory.
 * @example
 * const log = createLogger('info'); log.info({ siteId }, 'starting');
 */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { svc: 'pbxwatch-agent', ...base }, timestamp: pino.stdTimeFunctions.isoTime });
}

/**
 * A logger that drops everything, for tests and for `probe` (which prints a report instead).
 * @example
 * const log = silentLogger();
 */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
