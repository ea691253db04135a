#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createConsole } from '../app.js';
import { ConfigError, loadConfig } from '../config/load-config.js';

const USAGE = `usage: pbxwatch-console run [--config FILE]
       pbxwatch-console backup FILE [--config FILE]

  run     start the console (HTTP API, embedded MQTT broker, ingest)
  backup  write an online, consistent copy of the database to FILE

Environment: PBXWATCH_HTTP_PORT, PBXWATCH_MQTT_PORT, PBXWATCH_DATA_DIR, PBXWATCH_ADMIN_TOKEN,
PBXWATCH_MQTT_EMBEDDED, PBXWATCH_MQTT_URL, PBXWATCH_MQTT_USERNAME, PBXWATCH_MQTT_PASSWORD, PBXWATCH_LOG_LEVEL`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
  });
  const [cmd, arg] = positionals;
  if (values.help || !cmd) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const config = loadConfig(values.config, process.env);
  if (cmd === 'backup') {
    if (!arg) throw new ConfigError('backup: give the destination FILE');
    // SQLite's online backup API copies a consistent snapshot while the console keeps writing.
    const file = join(config.dataDir, config.dbFile);
    if (!existsSync(file))
      throw new ConfigError(`backup: no database at ${file} (set --config or PBXWATCH_DATA_DIR)`);
    const db = new Database(file, { fileMustExist: true });
    try {
      await db.backup(arg);
    } finally {
      db.close();
    }
    process.stdout.write(`backup written to ${arg}\n`);
    return 0;
  }
  if (cmd !== 'run') {
    process.stderr.write(`unknown command ${JSON.stringify(cmd)}\n${USAGE}\n`);
    return 2;
  }
  const app = createConsole(config);
  await app.start();
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(
      `pbxwatch-console: ${err instanceof ConfigError ? err.message : (err.stack ?? err.message)}\n`,
    );
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);
