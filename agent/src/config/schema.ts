import { durationSchema, siteIdSchema } from '@pbxwatch/core/protocol';
import * as z from 'zod/mini';
import { resolveSecret, type SecretSources, secretRefSchema } from './secret.js';

// zod/mini rather than classic zod: the agent runs on a 1 GB gateway with a 64 MB budget, and
// mini validates the same way without loading classic zod (core's contract is mini too).

const ms = (min: number, max: number, what: string) =>
  z.pipe(
    durationSchema,
    z
      .number()
      .check(
        z.gte(min, `${what} must be at least ${min} ms`),
        z.lte(max, `${what} must be at most ${max} ms`),
      ),
  );

const sipUri = z
  .string()
  .check(z.regex(/^sips?:[^\s]+$/i, 'not a SIP URI (expected sip:host[:port] or sips:...)'));
const oid = z.string().check(z.regex(/^\.?\d+(\.\d+)+$/, 'not a numeric OID such as 1.3.6.1.4.1.6889'));
const transport = z.enum(['udp', 'tcp', 'tls']);
const port = z.int().check(z.gte(0), z.lte(65535));
const nonEmpty = () => z.string().check(z.minLength(1));
const intIn = (min: number, max?: number) =>
  max === undefined ? z.int().check(z.gte(min)) : z.int().check(z.gte(min), z.lte(max));
const tlsFiles = {
  caFile: z.optional(nonEmpty()),
  rejectUnauthorized: z._default(z.boolean(), true),
};
/** A string or a number, as text (extensions and status values are written either way in YAML). */
const textOrNumber = () => z.pipe(z.union([z.string(), z.number()]), z.transform(String));

/**
 * Builds the zod schema of the agent config. Secrets (`broker.password`, `pbx.snmp.community`,
 * SNMPv3 keys) resolve from inline text, `{ file }` or `{ env }` during validation, so that a
 * missing secret file is an issue on the field that names it.
 * @example
 * const cfg = makeConfigSchema({ env: process.env, readFile: (p) => fs.readFileSync(p, 'utf8') }).parse(raw);
 */
export function makeConfigSchema(sources: SecretSources) {
  const secret = z.pipe(
    secretRefSchema,
    z.transform((ref: z.output<typeof secretRefSchema>, ctx) => {
      const r = resolveSecret(ref, sources);
      if (r.ok) return r.value;
      ctx.issues.push({ code: 'custom', input: ref, message: r.error });
      return z.NEVER;
    }),
  );

  const snmpUser = z.strictObject({
    name: nonEmpty(),
    authProtocol: z._default(z.enum(['sha', 'md5']), 'sha'),
    authKey: secret,
    privProtocol: z._default(z.enum(['aes', 'des']), 'aes'),
    privKey: secret,
  });

  const snmp = z
    .strictObject({
      // YAML reads `version: 1` as a number.
      version: z.pipe(
        z.transform((v: unknown) => (typeof v === 'number' ? String(v) : v)),
        z.enum(['1', '2c', '3']),
      ),
      community: z.optional(secret),
      user: z.optional(snmpUser),
      port: z._default(port, 161),
      timeout: z._default(ms(100, 60_000, 'timeout'), 2000),
      retries: z._default(intIn(0, 5), 1),
    })
    .check(
      z.superRefine((s, ctx) => {
        if (s.version === '3' && !s.user)
          ctx.addIssue({ code: 'custom', path: ['user'], message: 'SNMPv3 needs a user (authPriv)' });
        if (s.version !== '3' && s.community === undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['community'],
            message: `SNMPv${s.version} needs a community`,
          });
      }),
    );

  const sip = z.strictObject({
    uri: sipUri,
    transport: z.optional(transport),
    // RFC 3261 §17.1.1.2: a probe never waits beyond Timer F (64*T1 = 32 s).
    timeout: z._default(ms(100, 32_000, 'timeout'), 5000),
    tls: z.optional(z.strictObject(tlsFiles)),
  });

  const pbx = z
    .strictObject({
      vendor: z.enum(['ipoffice', 'ipecs', 'generic']),
      host: nonEmpty(),
      snmp: z.optional(snmp),
      sip: z.optional(sip),
    })
    .check(
      z.superRefine((p, ctx) => {
        if (!p.snmp && !p.sip)
          ctx.addIssue({ code: 'custom', path: ['snmp'], message: 'configure snmp, sip, or both' });
      }),
    );

  const station = z.strictObject({
    extension: textOrNumber(),
    name: z.optional(z.string()),
    uri: z.optional(sipUri),
    transport: z.optional(transport),
  });

  const stationTable = z.strictObject({
    tableOid: oid,
    keyColumn: z.int().check(z.positive()),
    statusColumn: z.int().check(z.positive()),
    upValues: z.array(textOrNumber()).check(z.minLength(1)),
    nameColumn: z.optional(z.int().check(z.positive())),
  });

  return z.strictObject({
    site: z.strictObject({ id: siteIdSchema, name: z.optional(z.string()) }),
    broker: z.strictObject({
      url: z
        .string()
        .check(
          z.regex(/^(mqtts?|wss?|tcp|ssl):\/\/[^\s]+$/, 'not a broker URL (mqtt://host:port or mqtts://)'),
        ),
      username: z.optional(nonEmpty()),
      password: z.optional(secret),
      clientId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
      keepalive: z._default(ms(5_000, 600_000, 'keepalive'), 30_000),
      tls: z.optional(
        z.strictObject({
          ...tlsFiles,
          certFile: z.optional(nonEmpty()),
          keyFile: z.optional(nonEmpty()),
        }),
      ),
    }),
    pbx,
    traps: z.prefault(
      z.strictObject({
        enabled: z._default(z.boolean(), true),
        host: z._default(nonEmpty(), '0.0.0.0'),
        port: z._default(port, 162),
        communities: z._default(z.array(nonEmpty()), []),
      }),
      {},
    ),
    trunks: z._default(
      z.array(z.strictObject({ name: nonEmpty(), uri: sipUri, transport: z.optional(transport) })),
      [],
    ),
    stations: z.prefault(
      z.strictObject({
        list: z.optional(z.array(station)),
        table: z.optional(stationTable),
      }),
      {},
    ),
    thresholds: z.prefault(
      z.strictObject({
        degradedRatio: z._default(z.number().check(z.gt(0), z.lte(0.75)), 0.25),
        raiseAfter: z._default(intIn(1, 100), 2),
        clearAfter: z._default(intIn(1, 100), 3),
        slowMs: z._default(z.number().check(z.positive()), 500),
        baselineWindow: z._default(ms(60_000, 366 * 86_400_000, 'baselineWindow'), 7 * 86_400_000),
      }),
      {},
    ),
    poll: z.prefault(z.strictObject({ interval: z._default(ms(100, 3_600_000, 'interval'), 30_000) }), {}),
    heartbeat: z.prefault(
      z.strictObject({ interval: z._default(ms(100, 3_600_000, 'interval'), 60_000) }),
      {},
    ),
    outbox: z.prefault(
      z.strictObject({
        maxEvents: z._default(intIn(100), 20_000),
        maxTelemetry: z._default(intIn(0), 2_880),
        maxAge: z._default(ms(60_000, 366 * 86_400_000, 'maxAge'), 7 * 86_400_000),
        window: z._default(intIn(1, 1000), 64),
        ackTimeout: z._default(ms(100, 3_600_000, 'ackTimeout'), 30_000),
      }),
      {},
    ),
    log: z.prefault(
      z.strictObject({
        level: z._default(z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']), 'info'),
      }),
      {},
    ),
    stateDir: nonEmpty(),
  });
}

/**
 * The validated, secret-resolved agent configuration (durations in milliseconds).
 * @example
 * function f(cfg: AgentConfig) { return cfg.poll.interval; } // 30000
 */
export type AgentConfig = z.output<ReturnType<typeof makeConfigSchema>>;
