#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { loadBrokerConfig } from '../config/broker-config.js';
import { updatePasswordFile } from '../credentials/passwd-command.js';
import { runStandalone } from './run-standalone.js';

const USAGE = `usage:
  pbxwatch-broker run --config broker.yaml
  pbxwatch-broker passwd FILE USERNAME [--console] [--delete]
      creates or rotates USERNAME's credential (a site id, or the console account with --console)
      and prints the new secret once; --delete revokes it. A running broker reloads FILE on change.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'passwd') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { delete: { type: 'boolean' }, console: { type: 'boolean' } },
    });
    const [file, username] = positionals;
    if (!file || !username || positionals.length !== 2) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    const r = await updatePasswordFile(file, username, {
      delete: values.delete,
      role: values.console ? 'console' : 'site',
    });
    if (r.action === 'deleted') {
      process.stderr.write(`deleted ${r.username}\n`);
    } else {
      process.stderr.write(`${r.action} ${r.username}; the secret below is shown once and stored nowhere:\n`);
      process.stdout.write(`${r.secret}\n`);
    }
    return 0;
  }
  if (command === 'run') {
    const { values } = parseArgs({ args: rest, options: { config: { type: 'string', short: 'c' } } });
    if (!values.config) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    const running = await runStandalone(await loadBrokerConfig(values.config));
    process.on('SIGHUP', () => void running.store.reload());
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    await running.stop();
    return 0;
  }
  process.stderr.write(`${USAGE}\n`);
  return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`pbxwatch-broker: ${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
