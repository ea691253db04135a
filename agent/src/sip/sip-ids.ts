/**
 * Random identifiers for requests: branch, tag, Call-ID.
 */
import { randomBytes } from 'node:crypto';

/** RFC 3261 §8.1.1.7: every branch of a compliant client starts with this magic cookie. */
export const BRANCH_COOKIE = 'z9hG4bK';

/**
 * A new Via branch, unique across space and time (RFC 3261 §8.1.1.7).
 * @example
 * newBranch(); // 'z9hG4bK3f9c0a1b2c3d4e5f6a7b8c9d'
 */
export function newBranch(): string {
  return BRANCH_COOKIE + randomBytes(12).toString('hex');
}

/**
 * A new From tag: at least 32 bits of randomness (RFC 3261 §19.3).
 * @example
 * newTag(); // '9a0b1c2d3e4f'
 */
export function newTag(): string {
  return randomBytes(6).toString('hex');
}

/**
 * A new Call-ID, globally unique (RFC 3261 §8.1.1.4).
 * @example
 * newCallId('10.0.0.2'); // '5d1f...@10.0.0.2'
 */
export function newCallId(localHost: string): string {
  return `${randomBytes(12).toString('hex')}@${localHost}`;
}
