import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { formatIssues } from '@pbxwatch/core/protocol';
import { parse } from 'yaml';
import { z } from 'zod';
import { type BrokerLimits, DEFAULT_LIMITS, type ListenerOptions } from '../server/broker-options.js';

const port = z.int().min(0).max(65535);
const host = z.string().min(1).max(255);

const listenerSchema = z
  .strictObject({
    protocol: z.enum(['tcp', 'tls']),
    host: host.optional(),
    port,
    tls: z
      .strictObject({
        certFile: z.string().min(1),
        keyFile: z.string().min(1),
        caFile: z.string().min(1).optional(),
        requireClientCert: z.boolean().default(false),
      })
      .optional(),
  })
  .superRefine((l, ctx) => {
    if (l.protocol === 'tls' && !l.tls)
      ctx.addIssue({ code: 'custom', path: ['tls'], message: 'required for protocol tls' });
    if (l.protocol === 'tcp' && l.tls)
      ctx.addIssue({ code: 'custom', path: ['tls'], message: 'only for protocol tls' });
    if (l.tls?.requireClientCert && !l.tls.caFile) {
      ctx.addIssue({ code: 'custom', path: ['tls', 'caFile'], message: 'required with requireClientCert' });
    }
  });

const positive = z.int().positive();
const limitsSchema = z.strictObject({
  maxPacketBytes: positive.max(256 * 1024 * 1024).default(DEFAULT_LIMITS.maxPacketBytes),
  maxTopicLevels: positive.max(100).default(DEFAULT_LIMITS.maxTopicLevels),
  connectTimeoutMs: positive.default(DEFAULT_LIMITS.connectTimeoutMs),
  maxConnections: positive.default(DEFAULT_LIMITS.maxConnections),
  maxClientIdLength: positive.max(65535).default(DEFAULT_LIMITS.maxClientIdLength),
  publishRate: z
    .strictObject({ perSecond: z.number().positive(), burst: positive })
    .default({ ...DEFAULT_LIMITS.publishRate }),
  loginThrottle: z
    .strictObject({
      baseDelayMs: z.int().nonnegative(),
      maxDelayMs: z.int().nonnegative(),
      forgetAfterMs: positive,
      maxAddresses: positive,
    })
    .default({ ...DEFAULT_LIMITS.loginThrottle }),
  drainTimeoutMs: positive.default(DEFAULT_LIMITS.drainTimeoutMs),
});

/**
 * Schema of `broker.yaml`.
 * @example
 * const r = brokerConfigSchema.safeParse(parse(yamlText));
 * if (!r.success) console.error(formatIssues(r.error));
 */
export const brokerConfigSchema = z.strictObject({
  listeners: z.array(listenerSchema).min(1),
  passwordFile: z.string().min(1),
  limits: limitsSchema.default(limitsSchema.parse({})),
  metrics: z.strictObject({ host: host.default('127.0.0.1'), port }).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/**
 * The validated, frozen standalone broker configuration.
 * @example
 * const config: BrokerConfig = await loadBrokerConfig('broker.yaml');
 * config.limits.maxPacketBytes; // 65536 unless set
 */
export interface BrokerConfig {
  readonly listeners: readonly ListenerOptions[];
  readonly passwordFile: string;
  readonly limits: Readonly<BrokerLimits>;
  readonly metrics?: { readonly host: string; readonly port: number };
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates a parsed YAML document; relative file paths are resolved against `baseDir`. Throws an
 * error naming every bad field (`listeners.0.tls: required for protocol tls`).
 * @example
 * const config = parseBrokerConfig({ listeners: [{ protocol: 'tcp', port: 1883 }], passwordFile: 'p' }, '/etc/pbxwatch');
 */
export function parseBrokerConfig(raw: unknown, baseDir: string): BrokerConfig {
  const parsed = brokerConfigSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`broker config: ${formatIssues(parsed.error)}`);
  const c = parsed.data;
  const abs = (p: string) => resolve(baseDir, p);
  return deepFreeze({
    ...c,
    passwordFile: abs(c.passwordFile),
    listeners: c.listeners.map((l) =>
      l.tls
        ? {
            ...l,
            tls: {
              ...l.tls,
              certFile: abs(l.tls.certFile),
              keyFile: abs(l.tls.keyFile),
              caFile: l.tls.caFile && abs(l.tls.caFile),
            },
          }
        : l,
    ),
  });
}

/**
 * Reads and validates a YAML config file.
 * @example
 * const config = await loadBrokerConfig('/etc/pbxwatch/broker.yaml');
 */
export async function loadBrokerConfig(path: string): Promise<BrokerConfig> {
  let raw: unknown;
  try {
    raw = parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new Error(`broker config ${path}: ${(e as Error).message}`);
  }
  return parseBrokerConfig(raw, dirname(resolve(path)));
}
