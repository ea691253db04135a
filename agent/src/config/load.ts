import fs from 'node:fs';
import { formatIssues } from '@pbxwatch/core/protocol';
import { parseDocument } from 'yaml';
import { type AgentConfig, makeConfigSchema } from './schema.js';
import type { SecretSources } from './secret.js';

/**
 * A config that could not be loaded; `issues` holds one `path: message` line per problem.
 * @example
 * try { loadConfigFile('x.yaml'); } catch (e) { if (e instanceof ConfigError) console.error(e.issues.join('\n')); }
 */
export class ConfigError extends Error {
  constructor(
    readonly issues: string[],
    readonly source: string,
  ) {
    super(`invalid config ${source}:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Turns zod issues into the `path: message` lines of core's `formatIssues`. */
function issueLines(error: Parameters<typeof formatIssues>[0]): string[] {
  return formatIssues(error).split('; ');
}

/**
 * Parses and validates a YAML config text; returns the frozen config or throws {@link ConfigError}
 * naming every bad field.
 * @example
 * const cfg = parseConfig(yamlText, 'site.yaml', { env: process.env, readFile: (p) => fs.readFileSync(p, 'utf8') });
 */
export function parseConfig(text: string, source: string, sources: SecretSources): AgentConfig {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => `(yaml): ${e.message.split('\n')[0]}`),
      source,
    );
  }
  const raw: unknown = doc.toJS();
  const parsed = makeConfigSchema(sources).safeParse(raw ?? {});
  if (!parsed.success) throw new ConfigError(issueLines(parsed.error), source);
  return deepFreeze(parsed.data);
}

/**
 * Reads and validates a config file, secrets from the real filesystem and environment.
 * @example
 * const cfg = loadConfigFile('/etc/pbxwatch/agent.yaml');
 */
export function loadConfigFile(
  path: string,
  env: Record<string, string | undefined> = process.env,
): AgentConfig {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError([`(file): cannot read ${path} (${(e as NodeJS.ErrnoException).code})`], path);
  }
  return parseConfig(text, path, { env, readFile: (p) => fs.readFileSync(p, 'utf8') });
}
