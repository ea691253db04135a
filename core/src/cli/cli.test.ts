import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import vectors from '../fixtures/sla-vectors.json' with { type: 'json' };
import { getPreset } from '../plans/presets.js';
import { parseInstant as T } from '../sla/format.js';
import { parseSlaArgs, UsageError } from './args.js';
import { runCasesText } from './cases.js';
import { dueReport } from './due-command.js';

const START = '2026-11-25T16:30:00-06:00';

describe('parseSlaArgs', () => {
  it('parses the due command with pauses, open pauses and optional instants', () => {
    expect(
      parseSlaArgs([
        'due',
        '--plan',
        'ipcelerate',
        '--priority',
        'P1',
        '--start',
        START,
        '--pause',
        '2026-11-25T17:00:00-06:00/2026-11-25T17:30:00-06:00',
        '--pause',
        '2026-11-25T18:00:00-06:00/',
        '--at',
        '2026-11-25T19:00:00Z',
      ]),
    ).toEqual({
      kind: 'due',
      plan: 'ipcelerate',
      priority: 'P1',
      start: T(START),
      pauses: [
        { from: T('2026-11-25T17:00:00-06:00'), to: T('2026-11-25T17:30:00-06:00') },
        { from: T('2026-11-25T18:00:00-06:00'), to: null },
      ],
      at: T('2026-11-25T19:00:00Z'),
    });
    expect(parseSlaArgs(['--cases', 'f.json'])).toEqual({ kind: 'cases', file: 'f.json' });
    expect(parseSlaArgs([])).toEqual({ kind: 'help' });
  });

  it('says what is wrong with a bad command line', () => {
    const err = (argv: string[]) => {
      try {
        parseSlaArgs(argv);
        return 'ok';
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
    };
    const base = ['due', '--plan', 'roi-tm', '--priority', 'P1'];
    expect(err([...base, '--start', '2026-11-25T16:30:00'])).toMatch(
      /^--start: not an ISO 8601 instant with offset/,
    );
    expect(err([...base])).toBe('--start: required (when the site first saw the fault)');
    expect(err(['due', '--plan', 'x', '--priority', 'P0', '--start', START])).toMatch(
      /^--priority: expected one of P1/,
    );
    expect(err(['due', '--priority', 'P1', '--start', START])).toMatch(
      /exactly one of --plan NAME or --plan-file/,
    );
    expect(err([...base, '--start', START, '--pause', `${START}/2026-11-25T16:00:00-06:00`])).toMatch(
      /TO must be after FROM/,
    );
    expect(err([...base, '--start', START, '--speed', '2'])).toBe('unknown option "--speed"');
    expect(err([...base, '--start'])).toBe('--start: missing value');
    expect(err(['--cases'])).toMatch(/^--cases: expected exactly one FILE/);
    expect(err(['report'])).toMatch(/^unknown command "report"/);
  });
});

describe('dueReport', () => {
  it('prints each objective with due time in the calendar zone, human form and state', () => {
    const lines = dueReport({
      plan: getPreset('ipcelerate'),
      priority: 'P1',
      start: T(START),
      pauses: [],
      at: T('2026-11-25T18:00:00-06:00'),
    });
    expect(lines[1]).toMatch(
      /^response\s+2 clock h\s+due 2026-11-25T18:30:00-06:00 \(Wed 25 Nov 2026 18:30 CST\)\s+running \(warning\)/,
    );
    expect(lines[3]).toMatch(/^actionPlan\s+3 business days\s+due 2026-12-01T16:30:00-06:00/);
    const acked = dueReport({
      plan: getPreset('roi-spp-sa'),
      priority: 'P1',
      start: T(START),
      pauses: [{ from: T(START), to: null }],
      at: T(START) + 1,
      ack: T(START) + 1,
    });
    expect(acked[1]).toMatch(/due: held by an open pause\s+met/);
    expect(
      dueReport({
        plan: getPreset('avst-xpresscare-na'),
        priority: 'P1',
        start: T(START),
        pauses: [],
        at: T(START),
      })[1],
    ).toBe('no objectives for P1 in plan avst-xpresscare-na');
  });
});

describe('runCasesText', () => {
  it('answers every vector with one JSON line, state fields only with `at`', () => {
    const lines = runCasesText(JSON.stringify(vectors)).map((l) => JSON.parse(l));
    expect(lines).toHaveLength(vectors.cases.length);
    expect(lines[1]).toEqual({ name: 'business-hours-over-weekend', due: '2026-11-23T12:00:00-06:00' });
    expect(lines.find((l) => l.name === 'state-breached')).toEqual({
      name: 'state-breached',
      due: '2026-11-23T10:00:00-06:00',
      elapsedSeconds: 5400,
      remainingSeconds: -1800,
      breached: true,
    });
    expect(lines.find((l) => l.name === 'always-calendar-business-days').due).toBe('2026-11-22T10:00:00Z');
  });

  it('rejects a malformed file naming the field', () => {
    expect(() =>
      runCasesText(
        '{"cases": [{"name": "x", "calendar": {"always": true}, "start": "soon", "target": {"clockHours": 1}}]}',
      ),
    ).toThrow(/^invalid cases file: cases\.0\.start: not an ISO 8601 instant/);
    expect(() => runCasesText('nope')).toThrow(/^cases file is not JSON/);
  });
});

describe('pbxwatch-sla process', () => {
  it('prints JSON lines for --cases and exits 2 on bad arguments', () => {
    const cli = fileURLToPath(new URL('./sla-cli.ts', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'sla-cli-'));
    const file = join(dir, 'cases.json');
    writeFileSync(file, JSON.stringify({ cases: vectors.cases.slice(0, 2) }));
    const ok = spawnSync(process.execPath, ['--import', 'tsx', cli, '--cases', file], { encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(
      ok.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).due),
    ).toEqual(['2026-11-20T19:15:00-06:00', '2026-11-23T12:00:00-06:00']);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', cli, 'due', '--plan', 'nope'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^pbxwatch-sla: --priority: expected one of P1, P2, P3, P4/);
  });
});
