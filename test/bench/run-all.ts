/**
 * Runs every benchmark of the project, each in its own process so that one's heap and sockets do
 * not colour another's figures, and writes one report (figures, ratios, machine, date) to
 * `docs/benchmarks.md`.
 *
 * @example
 * npm run bench                 # all of them
 * npm run bench -- sla broker   # only files whose name contains one of the words
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();

const sections: string[] = [];
let failures = 0;
for (const file of files) {
  process.stdout.write(`\n=== ${file}\n`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(here, file)], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    // The agent bench alone polls for five minutes (the goal's duration).
    timeout: 10 * 60_000,
  });
  const out = (r.stdout ?? '').trimEnd();
  process.stdout.write(`${out}\n`);
  const ok = r.status === 0;
  if (!ok) failures++;
  const took = ((Date.now() - started) / 1000).toFixed(1);
  sections.push(
    `## ${file}\n\n${ok ? '' : `**failed** (exit ${r.status ?? r.signal})\n\n`}\`\`\`\n${out}\n\`\`\`\n\n(${took} s)\n`,
  );
}

const cpu = cpus();
const report = [
  '# Benchmarks',
  '',
  `Run on ${new Date().toISOString()} by \`npm run bench\`.`,
  `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}/${process.arch}.`,
  '',
  'Figures vary with load on the machine; ratios measured side by side in one run are the stable part.',
  '',
  ...sections,
].join('\n');
if (filters.length === 0) writeFileSync(join(root, 'docs', 'benchmarks.md'), report);
process.stdout.write(
  `\n${files.length - failures} of ${files.length} benchmarks ran${filters.length ? '' : '; report in docs/benchmarks.md'}\n`,
);
process.exit(failures ? 1 : 0);
