import { readFileSync } from 'node:fs';
import { formatIssues } from '@pbxwatch/core';
import { parse } from 'yaml';
import { type ConsoleConfig, consoleConfigSchema } from './config-schema.js';

/**
 * Thrown for a config that is unreadable or invalid; the message names each bad field.
 * @example
 * try { loadConfig(file); } catch (e) { if (e instanceof ConfigError) console.error(e.message); }
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let o = obj;
  for (const k of path.slice(0, -1)) {
    if (typeof o[k] !== 'object' || o[k] === null) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[path[path.length - 1] as string] = value;
}

const asNumber = (v: string) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);
const asBool = (v: string) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v);

/** Environment variables and the config field each overrides. */
const ENV_MAP: [string, string[], (v: string) => unknown][] = [
  ['PBXWATCH_DATA_DIR', ['dataDir'], String],
  ['PBXWATCH_HTTP_HOST', ['http', 'host'], String],
  ['PBXWATCH_HTTP_PORT', ['http', 'port'], asNumber],
  ['PBXWATCH_MQTT_EMBEDDED', ['mqtt', 'embedded'], asBool],
  ['PBXWATCH_MQTT_HOST', ['mqtt', 'host'], String],
  ['PBXWATCH_MQTT_PORT', ['mqtt', 'port'], asNumber],
  ['PBXWATCH_MQTT_URL', ['mqtt', 'url'], String],
  ['PBXWATCH_MQTT_USERNAME', ['mqtt', 'username'], String],
  ['PBXWATCH_MQTT_PASSWORD', ['mqtt', 'password'], String],
  ['PBXWATCH_ADMIN_TOKEN', ['adminToken'], String],
  ['PBXWATCH_LOG_LEVEL', ['logLevel'], String],
];

/**
 * Validates a raw config object with env overrides applied; errors name the field path.
 * @example
 * const cfg = parseConfig({ http: { port: 9000 } }, process.env);
 */
export function parseConfig(raw: unknown, env: Env = {}): ConsoleConfig {
  const obj: Record<string, unknown> =
    raw && typeof raw === 'object' ? structuredClone(raw as Record<string, unknown>) : {};
  for (const [name, path, conv] of ENV_MAP) {
    const v = env[name];
    if (v !== undefined && v !== '') setPath(obj, path, conv(v));
  }
  const r = consoleConfigSchema.safeParse(obj);
  if (!r.success) throw new ConfigError(`invalid console config: ${formatIssues(r.error)}`);
  return Object.freeze(r.data);
}

/**
 * Reads a YAML config file (or none) and validates it with env overrides.
 * @example
 * const cfg = loadConfig('/etc/pbxwatch/console.yaml', process.env);
 */
export function loadConfig(file: string | undefined, env: Env = {}): ConsoleConfig {
  let raw: unknown = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError(`cannot read config ${file}: ${(e as Error).message}`);
    }
    try {
      raw = parse(text) ?? {};
    } catch (e) {
      throw new ConfigError(`config ${file} is not valid YAML: ${(e as Error).message}`);
    }
  }
  return parseConfig(raw, env);
}
