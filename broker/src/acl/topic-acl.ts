import { AGENT_CHANNELS, CHANNELS, parseSiteTopic, SITE_ID_RE, TOPIC_ROOT } from '@pbxwatch/core/protocol';
import type { Role } from '../credentials/credential-store.js';

/**
 * The authenticated party behind a connection.
 * @example
 * const id: Identity = { username: 'acme-hq', role: 'site', siteId: 'acme-hq' };
 */
export interface Identity {
  username: string;
  role: Role;
  /** Set for role `site`. */
  siteId?: string;
}

/**
 * Why an action was refused, or `null` when it is allowed.
 * @example
 * const verdict: AclVerdict = canPublish(id, topic); // null when allowed
 */
export type AclVerdict = string | null;

const ROOT_LEVELS = TOPIC_ROOT.split('/');

function basicTopicCheck(topic: unknown): AclVerdict {
  if (typeof topic !== 'string' || topic.length === 0) return 'empty or non-string topic';
  // [MQTT-4.7.3-2] no U+0000 in topic names or filters
  if (topic.includes('\u0000')) return 'topic contains U+0000';
  // [MQTT-4.7.2-1] `$` topics are the server's; no client reaches them here
  if (topic.startsWith('$')) return '$-prefixed topics are reserved';
  return null;
}

/**
 * May this identity publish to this topic? A site: only `pbxwatch/v1/sites/{own id}/{events|telemetry|
 * heartbeat|status}`; the console: only `.../{any site}/acks`. Wildcards never ([MQTT-3.3.2-2]).
 * The same rule applies to a Will topic at CONNECT.
 * @example
 * canPublish({ username: 'a', role: 'site', siteId: 'a' }, 'pbxwatch/v1/sites/a/events'); // null
 * canPublish({ username: 'a', role: 'site', siteId: 'a' }, 'pbxwatch/v1/sites/b/events'); // 'not ...'
 */
export function canPublish(id: Identity, topic: string): AclVerdict {
  const basic = basicTopicCheck(topic);
  if (basic) return basic;
  if (topic.includes('+') || topic.includes('#'))
    return 'wildcards are not allowed in a topic name [MQTT-3.3.2-2]';
  const parsed = parseSiteTopic(topic);
  if (!parsed) return 'not a pbxwatch/v1 site topic';
  if (id.role === 'console') return parsed.channel === 'acks' ? null : 'the console publishes only acks';
  if (parsed.siteId !== id.siteId) return 'a site may publish only to its own topics';
  return (AGENT_CHANNELS as readonly string[]).includes(parsed.channel)
    ? null
    : 'a site may not publish acks';
}

/**
 * May this identity subscribe to this filter? A site: only its own `acks` topic, exactly. The
 * console: any filter inside `pbxwatch/v1/sites/`, with `+` for the site or the channel, or a
 * trailing `#` below the root.
 * @example
 * canSubscribe(consoleIdentity, 'pbxwatch/v1/sites/+/events'); // null
 * canSubscribe(siteIdentity, '#'); // 'a site may subscribe only to its own acks'
 */
export function canSubscribe(id: Identity, filter: string): AclVerdict {
  const basic = basicTopicCheck(filter);
  if (basic) return basic;
  if (id.role === 'site') {
    return filter === `${TOPIC_ROOT}/${id.siteId}/acks` ? null : 'a site may subscribe only to its own acks';
  }
  const levels = filter.split('/');
  for (let i = 0; i < ROOT_LEVELS.length; i++) {
    if (levels[i] !== ROOT_LEVELS[i]) return 'the console subscribes only inside pbxwatch/v1/sites/';
  }
  const rest = levels.slice(ROOT_LEVELS.length);
  const [site, channel] = rest;
  if (rest.length === 1 && site === '#') return null;
  if (site === undefined || !(site === '+' || SITE_ID_RE.test(site)))
    return 'site level must be + or a site id';
  if (rest.length === 2 && channel === '#') return null;
  if (rest.length !== 2 || channel === undefined)
    return 'filter must be pbxwatch/v1/sites/{site|+}/{channel|+|#}';
  return channel === '+' || (CHANNELS as readonly string[]).includes(channel) ? null : 'unknown channel';
}

/**
 * May a message on this topic be delivered to this identity? Defence in depth behind
 * {@link canSubscribe}: it also covers retained messages and sessions restored from persistence.
 * @example
 * canReceive(siteIdentity, 'pbxwatch/v1/sites/other/acks'); // false
 */
export function canReceive(id: Identity, topic: string): boolean {
  if (id.role === 'console') return parseSiteTopic(topic) !== null;
  return topic === `${TOPIC_ROOT}/${id.siteId}/acks`;
}
