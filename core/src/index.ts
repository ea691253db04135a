export * from './clock.js';
export * from './condition.js';
export * from './contract/decode.js';
export * from './contract/messages.js';
export * from './contract/topics.js';
export * from './duration.js';
export * from './eligibility.js';
export * from './priority.js';
