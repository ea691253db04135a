#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parsePlan, withCalendarZone } from '../plans/parse-plan.js';
import { getPreset, listPresets } from '../plans/presets.js';
import { parseSlaArgs, SLA_USAGE, UsageError } from './args.js';
import { runCasesText } from './cases.js';
import { dueReport } from './due-command.js';

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

// The only file of core that does I/O or reads the clock: it reads files, prints, and takes "now"
// as the default --at.
function main(argv: readonly string[]): number {
  const cmd = parseSlaArgs(argv);
  if (cmd.kind === 'help') {
    process.stdout.write(`${SLA_USAGE}\n`);
    return 0;
  }
  if (cmd.kind === 'presets') {
    for (const p of listPresets()) process.stdout.write(`${p.name}\t${p.title ?? ''}\n`);
    return 0;
  }
  if (cmd.kind === 'cases') {
    for (const line of runCasesText(readText(cmd.file))) process.stdout.write(`${line}\n`);
    return 0;
  }
  let plan = cmd.planFile !== undefined ? parsePlan(readText(cmd.planFile)) : getPreset(cmd.plan as string);
  if (cmd.zone !== undefined) plan = withCalendarZone(plan, cmd.zone);
  const lines = dueReport({
    plan,
    priority: cmd.priority,
    start: cmd.start,
    pauses: cmd.pauses,
    at: cmd.at ?? Date.now(),
    ...(cmd.ack !== undefined ? { ack: cmd.ack } : {}),
    ...(cmd.restored !== undefined ? { restored: cmd.restored } : {}),
  });
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  const err = e as Error;
  process.stderr.write(`pbxwatch-sla: ${err.message}\n`);
  if (e instanceof UsageError) process.stderr.write(`${SLA_USAGE}\n`);
  process.exitCode = e instanceof UsageError ? 2 : 1;
}
