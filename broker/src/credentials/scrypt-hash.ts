import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Cost parameters of one scrypt hash; they travel with the hash so they can be raised later.
 * @example
 * await hashSecret(secret, { N: 16384, r: 8, p: 1 });
 */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/**
 * Default cost: N=2^14, r=8, p=1 (16 MiB, ~40 ms on a small core). The secrets are 256-bit random,
 * so the KDF only has to make a leaked file useless, not slow a dictionary attack; a higher N would
 * mostly lengthen the reconnect storm after a broker restart.
 * @example
 * await hashSecret(secret, DEFAULT_SCRYPT_PARAMS);
 */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 16384, r: 8, p: 1 });

const KEY_LEN = 32;
const SALT_LEN = 16;
const PREFIX = 'scrypt';

function derive(secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must cover 128*N*r bytes plus slack, or node refuses large N
    const maxmem = 256 * params.N * params.r + 1024 * 1024;
    scrypt(secret, salt, KEY_LEN, { N: params.N, r: params.r, p: params.p, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/**
 * Creates a fresh random secret: 32 bytes (256 bits) as base64url, 43 characters.
 * @example
 * const secret = generateSecret(); // 'q3V...'
 */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Hashes a secret with a random salt; the result is `scrypt$N$r$p$salt$hash` (base64url parts).
 * @example
 * const encoded = await hashSecret(generateSecret());
 */
export async function hashSecret(
  secret: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  const salt = randomBytes(SALT_LEN);
  const key = await derive(secret, salt, params);
  return [PREFIX, params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

/**
 * A parsed `scrypt$...` hash.
 * @example
 * const p = parseHash(encoded);
 * if (typeof p !== 'string') p.params.N; // 16384
 */
export interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

/**
 * Parses an encoded hash, or returns an error message naming what is wrong.
 * @example
 * const r = parseHash('scrypt$16384$8$1$c2FsdA$a2V5'); // { params: { N: 16384, r: 8, p: 1 }, ... }
 */
export function parseHash(encoded: string): ParsedHash | string {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return 'hash: expected scrypt$N$r$p$salt$hash';
  const [N, r, p] = parts
    .slice(1, 4)
    .map((x) => (/^\d{1,8}$/.test(x as string) ? Number(x) : Number.NaN)) as [number, number, number];
  // Bounds keep a hostile or corrupt file from asking for gigabytes of memory per login.
  if (!(N >= 2 && N <= 2 ** 20 && (N & (N - 1)) === 0)) return 'hash: N must be a power of two, 2..2^20';
  if (!(r >= 1 && r <= 32)) return 'hash: r must be 1..32';
  if (!(p >= 1 && p <= 16)) return 'hash: p must be 1..16';
  const salt = Buffer.from(parts[4] as string, 'base64url');
  const key = Buffer.from(parts[5] as string, 'base64url');
  if (salt.length < 8) return 'hash: salt shorter than 8 bytes';
  if (key.length !== KEY_LEN) return `hash: key must be ${KEY_LEN} bytes`;
  return { params: { N, r, p }, salt, key };
}

/**
 * Checks a secret against an encoded hash in constant time; a malformed hash never verifies.
 * @example
 * if (await verifySecret(password, credential.hash)) accept();
 */
export async function verifySecret(secret: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (typeof parsed === 'string') return false;
  const key = await derive(secret, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/**
 * Remembers secrets that verified recently, as SHA-256 digests keyed by user and stored hash, so a
 * site that reconnects after a network blip costs a digest instead of a scrypt run. Rotating or
 * revoking changes the stored hash and so misses the cache.
 * @example
 * const cache = new VerifiedCache(10_000);
 * if (cache.has(user, hash, secret) || (await verifySecret(secret, hash))) cache.add(user, hash, secret);
 */
export class VerifiedCache {
  private readonly entries = new Map<string, { hash: string; digest: Buffer }>();
  constructor(private readonly maxEntries: number) {}

  private static digest(secret: string): Buffer {
    return createHash('sha256').update(secret).digest();
  }

  /** True if this user's secret verified against this exact stored hash before. */
  has(username: string, hash: string, secret: string): boolean {
    const e = this.entries.get(username);
    if (!e || e.hash !== hash) return false;
    return timingSafeEqual(e.digest, VerifiedCache.digest(secret));
  }

  /** Records a successful verification, evicting the oldest entry when full. */
  add(username: string, hash: string, secret: string): void {
    this.entries.delete(username);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(username, { hash, digest: VerifiedCache.digest(secret) });
  }

  /** Forgets a user (on revoke or rotate). */
  delete(username: string): void {
    this.entries.delete(username);
  }
}
