import * as z from 'zod/mini';

/** Root of every topic of protocol version 1. */
export const TOPIC_ROOT = 'pbxwatch/v1/sites';

/** What a site's agent publishes, and the console's `acks` back to it. */
export const AGENT_CHANNELS = ['events', 'telemetry', 'heartbeat', 'status'] as const;
export const CHANNELS = [...AGENT_CHANNELS, 'acks'] as const;
export type AgentChannel = (typeof AGENT_CHANNELS)[number];
export type Channel = (typeof CHANNELS)[number];

/**
 * A site id: lower-case letters, digits and hyphens, 1–63 characters, starting with a letter or
 * digit. It is also the site's MQTT username, so it can never hold `/`, `+` or `#`.
 */
export const SITE_ID_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Zod schema for a site id. */
export const siteIdSchema = z
  .string()
  .check(z.regex(SITE_ID_RE, 'site id: 1-63 of a-z, 0-9 and "-", not starting with "-"'));

/**
 * The topic of one channel of one site.
 * @example
 * siteTopic('acme-hq', 'events'); // 'pbxwatch/v1/sites/acme-hq/events'
 */
export function siteTopic(siteId: string, channel: Channel): string {
  if (!SITE_ID_RE.test(siteId)) throw new Error(`invalid site id: ${JSON.stringify(siteId)}`);
  return `${TOPIC_ROOT}/${siteId}/${channel}`;
}

/**
 * The subscription the console uses for one channel of every site.
 * @example
 * allSitesFilter('events'); // 'pbxwatch/v1/sites/+/events'
 */
export function allSitesFilter(channel: Channel): string {
  return `${TOPIC_ROOT}/+/${channel}`;
}

/**
 * Splits a topic of this protocol into site id and channel, or `null` if it is not one.
 * @example
 * parseSiteTopic('pbxwatch/v1/sites/acme-hq/status'); // { siteId: 'acme-hq', channel: 'status' }
 */
export function parseSiteTopic(topic: string): { siteId: string; channel: Channel } | null {
  const parts = topic.split('/');
  if (parts.length !== 5 || `${parts[0]}/${parts[1]}/${parts[2]}` !== TOPIC_ROOT) return null;
  const siteId = parts[3] as string;
  const channel = parts[4] as Channel;
  if (!SITE_ID_RE.test(siteId) || !(CHANNELS as readonly string[]).includes(channel)) return null;
  return { siteId, channel };
}
