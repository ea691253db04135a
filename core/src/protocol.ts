/**
 * The light half of core: the MQTT contract and the vocabulary an agent or a broker needs, without
 * calendars, holiday tables or plan presets. A gateway imports `@pbxwatch/core/protocol` and so
 * never loads date-holidays or luxon (about 20 MB of resident memory on a 1 GB Raspberry Pi).
 * @example
 * import { siteTopic, decodeMessage } from '@pbxwatch/core/protocol';
 */
export * from './clock.js';
export * from './condition.js';
export * from './contract/decode.js';
export * from './contract/messages.js';
export * from './contract/topics.js';
export * from './duration.js';
export * from './eligibility.js';
export * from './priority.js';
