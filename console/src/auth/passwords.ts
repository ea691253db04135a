import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

// scrypt parameters: N=16384, r=8, p=1 (RFC 7914 §2 recommends tuning N to ~100 ms; these are the
// Node defaults and keep a broker CONNECT burst of hundreds of agents affordable).
const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

/**
 * Hashes a secret with scrypt and a random salt, as `scrypt$N$r$p$salt$hash` (base64url), the format of the broker's credential store.
 * @example
 * const stored = hashSecret('s3cret'); // 'scrypt$16384$8$1$…'
 */
export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, KEYLEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/**
 * Checks a secret against a {@link hashSecret} string in constant time; false for any malformed hash.
 * @example
 * verifySecret('s3cret', stored); // true
 */
export function verifySecret(secret: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const got = scryptSync(secret, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return expected.length === got.length && timingSafeEqual(expected, got);
}

/**
 * A random secret for a site or user, URL-safe, 32 characters.
 * @example
 * const secret = randomSecret();
 */
export function randomSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
