import { durationSchema } from '@pbxwatch/core';
import { z } from 'zod';
import { LOOPBACK, trustedProxyProblem } from '../web/client-address.js';

/**
 * The console's configuration (YAML file, then environment overrides). Durations accept `30m`,
 * `1h` or milliseconds.
 * @example
 * const cfg = consoleConfigSchema.parse({ dataDir: './data' });
 */
export const consoleConfigSchema = z
  .object({
    dataDir: z.string().min(1).default('./data'),
    dbFile: z.string().min(1).default('pbxwatch.sqlite'),
    http: z
      .object({
        host: z.string().default('0.0.0.0'),
        port: z.int().min(0).max(65535).default(8080),
        /**
         * Reverse proxies whose `X-Forwarded-For` names the client (for the per-client login limit):
         * `loopback`, addresses or CIDRs. The default trusts a proxy on the console's own host, the
         * deployment docs/deploy.md describes; `[]` trusts none.
         */
        trustedProxies: z
          .array(
            z.string().superRefine((entry, ctx) => {
              const problem = trustedProxyProblem(entry);
              if (problem) ctx.addIssue({ code: 'custom', message: problem });
            }),
          )
          .default([LOOPBACK]),
      })
      .prefault({}),
    mqtt: z
      .object({
        embedded: z.boolean().default(true),
        host: z.string().default('0.0.0.0'),
        port: z.int().min(0).max(65535).default(1883),
        /** External broker URL, used when `embedded` is false. */
        url: z.string().optional(),
        username: z.string().default('pbxwatch-console'),
        password: z.string().optional(),
        clientId: z.string().default('pbxwatch-console'),
        /**
         * Ask the broker to keep a session (queue QoS 1 messages) while the console is away. Off by
         * default: agents resend every event until it is acked, so nothing depends on it, and a
         * persistent session costs the broker a persistence write per forwarded message.
         */
        persistentSession: z.boolean().default(false),
      })
      .prefault({})
      .refine((m) => m.embedded || !!m.url, {
        message: 'url is required when embedded is false',
        path: ['url'],
      }),
    tickets: z
      .object({
        reopenWindow: z._default(durationSchema, 30 * 60_000),
        autoCloseAfter: z._default(durationSchema, 24 * 3_600_000),
      })
      .prefault({}),
    ingest: z
      .object({
        batchDelay: z._default(durationSchema, 5),
        maxBatch: z.int().positive().max(10_000).default(1000),
        heartbeatMisses: z.int().positive().default(3),
        /** For a site that came online but has sent no heartbeat yet: the agent's default interval. */
        assumedHeartbeatInterval: z._default(durationSchema, 60_000),
        livenessCheck: z._default(durationSchema, 5000),
        clockTolerance: z._default(durationSchema, 5000),
      })
      .prefault({}),
    api: z
      .object({
        /** Identical list requests within this bucket, with no ticket change between, share one answer. */
        listCacheMs: z._default(durationSchema, 1000),
      })
      .prefault({}),
    sla: z.object({ warnAt: z.number().gt(0).lt(1).default(0.75) }).prefault({}),
    /** Notice delivery (SMTP, webhooks, retries): validated by the notices module, errors name the field. */
    notices: z.record(z.string(), z.unknown()).default({}),
    adminToken: z.string().min(16).optional(),
    logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  })
  .strict();

/**
 * A validated, frozen console configuration.
 * @example
 * const cfg: ConsoleConfig = loadConfig('console.yaml', process.env);
 */
export type ConsoleConfig = Readonly<z.output<typeof consoleConfigSchema>>;
/**
 * What a config file may contain before defaults are applied.
 * @example
 * const input: ConsoleConfigInput = { http: { port: 9000 } };
 */
export type ConsoleConfigInput = z.input<typeof consoleConfigSchema>;
