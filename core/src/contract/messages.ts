import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { CONDITION_CHANGES, conditionSchema } from '../condition.js';
import { prioritySchema } from '../priority.js';
import { siteIdSchema } from './topics.js';

// The contract is written with zod/mini: the same validation as classic zod, but tree-shakable and
// without per-schema method closures, so a gateway agent that only encodes and decodes messages
// does not carry classic zod (its heap share was a few MB of a 64 MB budget). Mini ships no error
// texts; English ones are configured here so every rejected field names what is wrong. Classic zod
// (console, broker) configures the same locale, so this changes nothing for them.
z.config(en());

/** Version of the payload schema; MQTT 3.1.1 has no properties, so it travels in the payload. */
export const PROTOCOL_VERSION = 1 as const;

/** Largest payload the console accepts (the broker's default packet limit is 64 KiB). */
export const MAX_PAYLOAD_BYTES = 60 * 1024;

const isoTime = z.iso.datetime({ offset: true });
const nonNegative = () => z.number().check(z.nonnegative());
const count = () => z.int().check(z.nonnegative());
const text = (max: number) => z.string().check(z.maxLength(max));

/**
 * Fields on every agent message, used by the console to estimate the agent's clock offset:
 * wall time at send, monotonic uptime of this agent process, a boot id that changes at each start,
 * and a sequence number that only grows within one boot.
 */
export const agentEnvelope = {
  v: z.literal(PROTOCOL_VERSION),
  siteId: siteIdSchema,
  bootId: z.uuid(),
  seq: count(),
  sentAt: isoTime,
  uptimeMs: nonNegative(),
};

/**
 * A condition change, the message that must never be lost. `at` is when the change happened
 * (the first bad poll for `raised`, the first good poll of the clearing run for `cleared`), in
 * agent wall time, with `atUptimeMs` the agent's uptime at that instant so that the console can
 * correct it; `detectedAt` is the first bad poll of this occurrence on every change of it.
 */
export const eventMessageSchema = z.object({
  ...agentEnvelope,
  kind: z.literal('event'),
  id: z.uuid(),
  condition: conditionSchema,
  change: z.enum(CONDITION_CHANGES),
  priority: prioritySchema,
  at: isoTime,
  atUptimeMs: nonNegative(),
  detectedAt: isoTime,
  summary: text(500),
  detail: z._default(z.record(z.string(), z.unknown()), {}),
});
export type EventMessage = z.infer<typeof eventMessageSchema>;

/** The per-poll summary: droppable, last value wins. */
export const telemetryMessageSchema = z.object({
  ...agentEnvelope,
  kind: z.literal('telemetry'),
  at: isoTime,
  pbx: z.object({
    vendor: z.enum(['ipoffice', 'ipecs', 'generic']),
    snmp: z.boolean(),
    sip: z.boolean(),
    model: z.optional(text(200)),
    release: z.optional(text(100)),
    sysUpTimeS: z.optional(nonNegative()),
  }),
  stations: z.optional(
    z.object({
      connected: count(),
      monitored: count(),
      unmonitored: count(),
      source: text(100),
    }),
  ),
  sipRttMs: z.optional(nonNegative()),
  sipStatus: z.optional(z.int().check(z.gte(100), z.lte(699))),
  trunks: z.optional(z.object({ total: count(), failed: count() })),
  eligibility: z.optional(
    z.array(z.object({ rule: text(100), ok: z.boolean(), message: text(300) })).check(z.maxLength(20)),
  ),
});
export type TelemetryMessage = z.infer<typeof telemetryMessageSchema>;

/** Liveness and clock sample; `intervalMs` tells the console what "three missed heartbeats" is. */
export const heartbeatMessageSchema = z.object({
  ...agentEnvelope,
  kind: z.literal('heartbeat'),
  intervalMs: z.int().check(z.positive()),
  agentVersion: text(50),
  outbox: z.object({
    pending: count(),
    droppedTelemetry: count(),
    droppedEvents: z._default(count(), 0),
  }),
});
export type HeartbeatMessage = z.infer<typeof heartbeatMessageSchema>;

/** Retained birth (`online`) and will (`offline`) of an agent. */
export const statusMessageSchema = z.object({
  v: z.literal(PROTOCOL_VERSION),
  kind: z.literal('status'),
  siteId: siteIdSchema,
  bootId: z.uuid(),
  state: z.enum(['online', 'offline']),
  sentAt: isoTime,
});
export type StatusMessage = z.infer<typeof statusMessageSchema>;

/** The console's acknowledgement: these event ids are durably applied and may leave the outbox. */
export const ackMessageSchema = z.object({
  v: z.literal(PROTOCOL_VERSION),
  kind: z.literal('ack'),
  ids: z.array(z.uuid()).check(z.minLength(1), z.maxLength(1000)),
});
export type AckMessage = z.infer<typeof ackMessageSchema>;

/** Schema of each channel's payload. */
export const channelSchemas = {
  events: eventMessageSchema,
  telemetry: telemetryMessageSchema,
  heartbeat: heartbeatMessageSchema,
  status: statusMessageSchema,
  acks: ackMessageSchema,
} as const;
export type ChannelMessage = {
  events: EventMessage;
  telemetry: TelemetryMessage;
  heartbeat: HeartbeatMessage;
  status: StatusMessage;
  acks: AckMessage;
};
