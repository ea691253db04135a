import { PRIORITIES, type Priority } from '../priority.js';
import { parseInstant } from '../sla/format.js';

/**
 * Usage text of `pbxwatch-sla`.
 * @example
 * console.log(SLA_USAGE);
 */
export const SLA_USAGE = `usage:
  pbxwatch-sla due (--plan NAME | --plan-file FILE) --priority P1..P4 --start ISO
                   [--pause FROM/TO]... [--pause FROM/] [--at ISO] [--ack ISO] [--restored ISO] [--zone IANA]
  pbxwatch-sla --cases FILE
  pbxwatch-sla presets
instants are ISO 8601 with offset, e.g. 2026-11-25T16:30:00-06:00; a pause without TO is open.`;

/**
 * A command line for `pbxwatch-sla`, parsed.
 * @example
 * const cmd: SlaCommand = { kind: 'cases', file: 'sla-vectors.json' };
 */
export type SlaCommand =
  | { kind: 'help' }
  | { kind: 'presets' }
  | { kind: 'cases'; file: string }
  | {
      kind: 'due';
      plan?: string;
      planFile?: string;
      priority: Priority;
      start: number;
      pauses: Array<{ from: number; to: number | null }>;
      at?: number;
      ack?: number;
      restored?: number;
      zone?: string;
    };

/**
 * A bad command line; the message says what is wrong.
 * @example
 * throw new UsageError('--priority: expected P1..P4');
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

const instantOf = (flag: string, text: string) => {
  try {
    return parseInstant(text);
  } catch (e) {
    throw new UsageError(`${flag}: ${(e as Error).message}`);
  }
};

/**
 * Parses `pbxwatch-sla` arguments (without `node` and the script). Pure; throws {@link UsageError}.
 * @example
 * parseSlaArgs(['due', '--plan', 'ipcelerate', '--priority', 'P1', '--start', '2026-11-25T16:30:00-06:00']);
 */
export function parseSlaArgs(argv: readonly string[]): SlaCommand {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  if (argv[0] === '--cases') {
    if (argv.length !== 2 || !argv[1]) throw new UsageError('--cases: expected exactly one FILE');
    return { kind: 'cases', file: argv[1] };
  }
  if (argv[0] === 'presets') {
    if (argv.length > 1) throw new UsageError(`presets: unexpected argument ${JSON.stringify(argv[1])}`);
    return { kind: 'presets' };
  }
  if (argv[0] !== 'due')
    throw new UsageError(`unknown command ${JSON.stringify(argv[0])} (expected due, presets or --cases)`);
  const single = new Map<string, string>();
  const pauses: Array<{ from: number; to: number | null }> = [];
  const known = [
    '--plan',
    '--plan-file',
    '--priority',
    '--start',
    '--at',
    '--ack',
    '--restored',
    '--zone',
    '--pause',
  ];
  for (let i = 1; i < argv.length; i += 2) {
    const flag = argv[i] as string;
    const value = argv[i + 1];
    if (!known.includes(flag)) throw new UsageError(`unknown option ${JSON.stringify(flag)}`);
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag}: missing value`);
    if (flag === '--pause') {
      const [from, to, extra] = value.split('/');
      if (extra !== undefined || !from)
        throw new UsageError(`--pause: expected FROM/TO or FROM/ (open), got ${JSON.stringify(value)}`);
      const pause = { from: instantOf('--pause', from), to: to ? instantOf('--pause', to) : null };
      if (pause.to !== null && pause.to <= pause.from)
        throw new UsageError(`--pause: TO must be after FROM in ${value}`);
      pauses.push(pause);
    } else if (single.has(flag)) throw new UsageError(`${flag}: given twice`);
    else single.set(flag, value);
  }
  const plan = single.get('--plan');
  const planFile = single.get('--plan-file');
  if ((plan === undefined) === (planFile === undefined))
    throw new UsageError('give exactly one of --plan NAME or --plan-file FILE');
  const priority = single.get('--priority');
  if (!priority || !(PRIORITIES as readonly string[]).includes(priority)) {
    throw new UsageError(
      `--priority: expected one of ${PRIORITIES.join(', ')}, got ${JSON.stringify(priority ?? '')}`,
    );
  }
  const start = single.get('--start');
  if (!start) throw new UsageError('--start: required (when the site first saw the fault)');
  const opt = (flag: string) => {
    const v = single.get(flag);
    return v === undefined ? {} : { [flag.slice(2)]: instantOf(flag, v) };
  };
  return {
    kind: 'due',
    ...(plan !== undefined ? { plan } : {}),
    ...(planFile !== undefined ? { planFile } : {}),
    priority: priority as Priority,
    start: instantOf('--start', start),
    pauses,
    ...opt('--at'),
    ...opt('--ack'),
    ...opt('--restored'),
    ...(single.has('--zone') ? { zone: single.get('--zone') } : {}),
  };
}
