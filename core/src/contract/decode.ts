import { type ChannelMessage, channelSchemas, MAX_PAYLOAD_BYTES } from './messages.js';
import type { Channel } from './topics.js';

/** Outcome of {@link decodeMessage}: the message, or a reason naming what is wrong. */
export type DecodeResult<C extends Channel> =
  | { ok: true; message: ChannelMessage[C] }
  | { ok: false; reason: 'too-large' | 'not-json' | 'invalid' | 'wrong-site'; error: string };

/** What {@link formatIssues} reads of an issue: classic zod's and zod/mini's share it. */
export interface ZodIssueLike {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * Formats zod issues as `path: message` lines, so every error names the field.
 * @example
 * formatIssues(schema.safeParse(x).error!); // 'pbx.host: Required'
 */
export function formatIssues(error: { issues: readonly ZodIssueLike[] }): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

/**
 * Validates a raw payload for a channel before anything acts on it: size, JSON, schema, and that
 * the payload's site matches the topic's (a site may not speak for another).
 * @example
 * const r = decodeMessage('events', payload, 'acme-hq');
 * if (!r.ok) log.warn({ reason: r.reason, error: r.error });
 */
export function decodeMessage<C extends Channel>(
  channel: C,
  payload: Uint8Array | string,
  topicSiteId?: string,
): DecodeResult<C> {
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
  if (size > MAX_PAYLOAD_BYTES) {
    return { ok: false, reason: 'too-large', error: `payload of ${size} bytes exceeds ${MAX_PAYLOAD_BYTES}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8'));
  } catch (e) {
    return { ok: false, reason: 'not-json', error: `payload is not JSON: ${(e as Error).message}` };
  }
  const parsed = channelSchemas[channel].safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'invalid', error: formatIssues(parsed.error) };
  const message = parsed.data as ChannelMessage[C];
  if (topicSiteId !== undefined && 'siteId' in message && message.siteId !== topicSiteId) {
    return {
      ok: false,
      reason: 'wrong-site',
      error: `siteId: payload says ${JSON.stringify(message.siteId)} on the topic of ${JSON.stringify(topicSiteId)}`,
    };
  }
  return { ok: true, message };
}

/**
 * Serialises a message for publishing (validating it first, so a bug never reaches the wire).
 * @example
 * client.publish(siteTopic(id, 'acks'), encodeMessage('acks', { v: 1, kind: 'ack', ids }));
 */
export function encodeMessage<C extends Channel>(channel: C, message: ChannelMessage[C]): string {
  const parsed = channelSchemas[channel].safeParse(message);
  if (!parsed.success) throw new Error(`invalid ${channel} message: ${formatIssues(parsed.error)}`);
  return JSON.stringify(parsed.data);
}
