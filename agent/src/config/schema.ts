import { durationSchema, siteIdSchema } from '@pbxwatch/core/protocol';
import { z } from 'zod';
import { resolveSecret, type SecretSources, secretRefSchema } from './secret.js';

const ms = (min: number, max: number, what: string) =>
  durationSchema.pipe(
    z.number().min(min, `${what} must be at least ${min} ms`).max(max, `${what} must be at most ${max} ms`),
  );

const sipUri = z.string().regex(/^sips?:[^\s]+$/i, 'not a SIP URI (expected sip:host[:port] or sips:...)');
const oid = z.string().regex(/^\.?\d+(\.\d+)+$/, 'not a numeric OID such as 1.3.6.1.4.1.6889');
const transport = z.enum(['udp', 'tcp', 'tls']);
const port = z.int().min(0).max(65535);
const tlsFiles = {
  caFile: z.string().min(1).optional(),
  rejectUnauthorized: z.boolean().default(true),
};

/**
 * Builds the zod schema of the agent config. Secrets (`broker.password`, `pbx.snmp.community`,
 * SNMPv3 keys) resolve from inline text, `{ file }` or `{ env }` during validation, so that a
 * missing secret file is an issue on the field that names it.
 * @example
 * const cfg = makeConfigSchema({ env: process.env, readFile: (p) => fs.readFileSync(p, 'utf8') }).parse(raw);
 */
export function makeConfigSchema(sources: SecretSources) {
  const secret = secretRefSchema.transform((ref, ctx) => {
    const r = resolveSecret(ref, sources);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: r.error });
    return z.NEVER;
  });

  const snmpUser = z.strictObject({
    name: z.string().min(1),
    authProtocol: z.enum(['sha', 'md5']).default('sha'),
    authKey: secret,
    privProtocol: z.enum(['aes', 'des']).default('aes'),
    privKey: secret,
  });

  const snmp = z
    .strictObject({
      version: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.enum(['1', '2c', '3'])),
      community: secret.optional(),
      user: snmpUser.optional(),
      port: port.default(161),
      timeout: ms(100, 60_000, 'timeout').default(2000),
      retries: z.int().min(0).max(5).default(1),
    })
    .superRefine((s, ctx) => {
      if (s.version === '3' && !s.user)
        ctx.addIssue({ code: 'custom', path: ['user'], message: 'SNMPv3 needs a user (authPriv)' });
      if (s.version !== '3' && s.community === undefined)
        ctx.addIssue({ code: 'custom', path: ['community'], message: `SNMPv${s.version} needs a community` });
    });

  const sip = z.strictObject({
    uri: sipUri,
    transport: transport.optional(),
    // RFC 3261 §17.1.1.2: a probe never waits beyond Timer F (64*T1 = 32 s).
    timeout: ms(100, 32_000, 'timeout').default(5000),
    tls: z.strictObject(tlsFiles).optional(),
  });

  const pbx = z
    .strictObject({
      vendor: z.enum(['ipoffice', 'ipecs', 'generic']),
      host: z.string().min(1),
      snmp: snmp.optional(),
      sip: sip.optional(),
    })
    .superRefine((p, ctx) => {
      if (!p.snmp && !p.sip)
        ctx.addIssue({ code: 'custom', path: ['snmp'], message: 'configure snmp, sip, or both' });
    });

  const station = z.strictObject({
    extension: z.union([z.string(), z.number()]).transform(String),
    name: z.string().optional(),
    uri: sipUri.optional(),
    transport: transport.optional(),
  });

  const stationTable = z.strictObject({
    tableOid: oid,
    keyColumn: z.int().positive(),
    statusColumn: z.int().positive(),
    upValues: z.array(z.union([z.string(), z.number()]).transform(String)).min(1),
    nameColumn: z.int().positive().optional(),
  });

  return z.strictObject({
    site: z.strictObject({ id: siteIdSchema, name: z.string().optional() }),
    broker: z.strictObject({
      url: z
        .string()
        .regex(/^(mqtts?|wss?|tcp|ssl):\/\/[^\s]+$/, 'not a broker URL (mqtt://host:port or mqtts://)'),
      username: z.string().min(1).optional(),
      password: secret.optional(),
      clientId: z.string().min(1).max(64).optional(),
      keepalive: ms(5_000, 600_000, 'keepalive').default(30_000),
      tls: z
        .strictObject({
          ...tlsFiles,
          certFile: z.string().min(1).optional(),
          keyFile: z.string().min(1).optional(),
        })
        .optional(),
    }),
    pbx,
    traps: z
      .strictObject({
        enabled: z.boolean().default(true),
        host: z.string().min(1).default('0.0.0.0'),
        port: port.default(162),
        communities: z.array(z.string().min(1)).default([]),
      })
      .prefault({}),
    trunks: z
      .array(z.strictObject({ name: z.string().min(1), uri: sipUri, transport: transport.optional() }))
      .default([]),
    stations: z
      .strictObject({
        list: z.array(station).optional(),
        table: stationTable.optional(),
      })
      .prefault({}),
    thresholds: z
      .strictObject({
        degradedRatio: z.number().gt(0).max(0.75).default(0.25),
        raiseAfter: z.int().min(1).max(100).default(2),
        clearAfter: z.int().min(1).max(100).default(3),
        slowMs: z.number().positive().default(500),
        baselineWindow: ms(60_000, 366 * 86_400_000, 'baselineWindow').default(7 * 86_400_000),
      })
      .prefault({}),
    poll: z.strictObject({ interval: ms(100, 3_600_000, 'interval').default(30_000) }).prefault({}),
    heartbeat: z.strictObject({ interval: ms(100, 3_600_000, 'interval').default(60_000) }).prefault({}),
    outbox: z
      .strictObject({
        maxEvents: z.int().min(100).default(20_000),
        maxTelemetry: z.int().min(0).default(2_880),
        maxAge: ms(60_000, 366 * 86_400_000, 'maxAge').default(7 * 86_400_000),
        window: z.int().min(1).max(1000).default(64),
        ackTimeout: ms(100, 3_600_000, 'ackTimeout').default(30_000),
      })
      .prefault({}),
    log: z
      .strictObject({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info') })
      .prefault({}),
    stateDir: z.string().min(1),
  });
}

/**
 * The validated, secret-resolved agent configuration (durations in milliseconds).
 * @example
 * function f(cfg: AgentConfig) { return cfg.poll.interval; } // 30000
 */
export type AgentConfig = z.output<ReturnType<typeof makeConfigSchema>>;
