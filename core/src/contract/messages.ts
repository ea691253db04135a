import { z } from 'zod';
import { CONDITION_CHANGES, conditionSchema } from '../condition.js';
import { prioritySchema } from '../priority.js';
import { siteIdSchema } from './topics.js';

/** Version of the payload schema; MQTT 3.1.1 has no properties, so it travels in the payload. */
export const PROTOCOL_VERSION = 1 as const;

/** Largest payload the console accepts (the broker's default packet limit is 64 KiB). */
export const MAX_PAYLOAD_BYTES = 60 * 1024;

const isoTime = z.iso.datetime({ offset: true });

/**
 * Fields on every agent message, used by the console to estimate the agent's clock offset:
 * wall time at send, monotonic uptime of this agent process, a boot id that changes at each start,
 * and a sequence number that only grows within one boot.
 */
export const agentEnvelope = {
  v: z.literal(PROTOCOL_VERSION),
  siteId: siteIdSchema,
  bootId: z.uuid(),
  seq: z.int().nonnegative(),
  sentAt: isoTime,
  uptimeMs: z.number().nonnegative(),
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
  atUptimeMs: z.number().nonnegative(),
  detectedAt: isoTime,
  summary: z.string().max(500),
  detail: z.record(z.string(), z.unknown()).default({}),
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
    model: z.string().max(200).optional(),
    release: z.string().max(100).optional(),
    sysUpTimeS: z.number().nonnegative().optional(),
  }),
  stations: z
    .object({
      connected: z.int().nonnegative(),
      monitored: z.int().nonnegative(),
      unmonitored: z.int().nonnegative(),
      source: z.string().max(100),
    })
    .optional(),
  sipRttMs: z.number().nonnegative().optional(),
  sipStatus: z.int().min(100).max(699).optional(),
  trunks: z.object({ total: z.int().nonnegative(), failed: z.int().nonnegative() }).optional(),
  eligibility: z
    .array(z.object({ rule: z.string().max(100), ok: z.boolean(), message: z.string().max(300) }))
    .max(20)
    .optional(),
});
export type TelemetryMessage = z.infer<typeof telemetryMessageSchema>;

/** Liveness and clock sample; `intervalMs` tells the console what "three missed heartbeats" is. */
export const heartbeatMessageSchema = z.object({
  ...agentEnvelope,
  kind: z.literal('heartbeat'),
  intervalMs: z.int().positive(),
  agentVersion: z.string().max(50),
  outbox: z.object({
    pending: z.int().nonnegative(),
    droppedTelemetry: z.int().nonnegative(),
    droppedEvents: z.int().nonnegative().default(0),
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
  ids: z.array(z.uuid()).min(1).max(1000),
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
