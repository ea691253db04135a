import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_PARAMS } from '../test-helpers/broker-fixture.js';
import { updatePasswordFile } from './passwd-command.js';
import { changedUsers, formatPasswordFile, parsePasswordFile } from './password-file.js';
import { generateSecret, hashSecret, parseHash, VerifiedCache, verifySecret } from './scrypt-hash.js';

describe('scrypt hashes', () => {
  it('verifies the right secret only, and never a malformed or tampered hash', async () => {
    const secret = generateSecret();
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    const hash = await hashSecret(secret, TEST_PARAMS);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifySecret(secret, hash)).toBe(true);
    expect(await verifySecret(generateSecret(), hash)).toBe(false);
    // Flip a character inside the hash: the last base64url character of 32 bytes also holds two
    // padding bits, so changing it can leave the decoded bytes the same.
    const at = hash.length - 10;
    const tampered = hash.slice(0, at) + (hash[at] === 'A' ? 'B' : 'A') + hash.slice(at + 1);
    expect(await verifySecret(secret, tampered)).toBe(false);
    expect(await verifySecret(secret, 'scrypt$1023$8$1$c2FsdHNhbHQ$x')).toBe(false);
    expect(parseHash('scrypt$4194304$8$1$c2FsdHNhbHQ$x')).toMatch(/N must be a power of two/);
  });

  it('caches a verified secret per user and stored hash', () => {
    const cache = new VerifiedCache(2);
    cache.add('a', 'h1', 's');
    expect(cache.has('a', 'h1', 's')).toBe(true);
    expect(cache.has('a', 'h1', 'other')).toBe(false);
    expect(cache.has('a', 'h2', 's')).toBe(false);
    cache.add('b', 'h', 's');
    cache.add('c', 'h', 's');
    expect(cache.has('a', 'h1', 's')).toBe(false);
  });
});

describe('password file', () => {
  it('parses, formats and names every bad line', async () => {
    const h = await hashSecret('x', TEST_PARAMS);
    const entries = parsePasswordFile(`# c\n\nacme-hq:site:${h}\nnoc:console:${h}\n`);
    expect(entries.get('acme-hq')).toEqual({ hash: h, role: 'site', siteId: 'acme-hq' });
    expect(entries.get('noc')).toEqual({ hash: h, role: 'console' });
    expect(parsePasswordFile(formatPasswordFile(entries))).toEqual(entries);
    expect(() =>
      parsePasswordFile(`Bad_Site:site:${h}\nx:admin:${h}\nok:site:nothash\nok:site:${h}\nok:site:${h}`),
    ).toThrow(
      /line 1: "Bad_Site" is not a valid site id; line 2: role must be "site" or "console".*; line 3: hash: expected .*; line 5: duplicate user "ok"/,
    );
  });

  it('lists users whose credential changed or vanished', () => {
    const c = (hash: string) => ({ hash, role: 'site' as const, siteId: 'x' });
    const before = new Map([
      ['a', c('1')],
      ['b', c('2')],
      ['c', c('3')],
    ]);
    const after = new Map([
      ['a', c('1')],
      ['b', c('9')],
      ['d', c('4')],
    ]);
    expect(changedUsers(before, after)).toEqual(['b', 'c']);
  });
});

describe('passwd command', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pbxw-passwd-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates, rotates and deletes a credential; the file holds only hashes, mode 0600', async () => {
    const file = join(dir, 'broker.passwd');
    const created = await updatePasswordFile(file, 'acme-hq', { params: TEST_PARAMS });
    expect(created.action).toBe('created');
    if (created.action === 'deleted') throw new Error('unreachable');
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(created.secret);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const hash1 = parsePasswordFile(text).get('acme-hq')?.hash as string;
    expect(await verifySecret(created.secret, hash1)).toBe(true);

    const rotated = await updatePasswordFile(file, 'acme-hq', { params: TEST_PARAMS });
    if (rotated.action === 'deleted') throw new Error('unreachable');
    expect(rotated.action).toBe('rotated');
    const hash2 = parsePasswordFile(await readFile(file, 'utf8')).get('acme-hq')?.hash as string;
    expect(await verifySecret(created.secret, hash2)).toBe(false);
    expect(await verifySecret(rotated.secret, hash2)).toBe(true);

    await updatePasswordFile(file, 'noc', { role: 'console', params: TEST_PARAMS });
    expect(await updatePasswordFile(file, 'acme-hq', { delete: true })).toEqual({
      action: 'deleted',
      username: 'acme-hq',
    });
    expect([...parsePasswordFile(await readFile(file, 'utf8')).keys()]).toEqual(['noc']);
    await expect(updatePasswordFile(file, 'acme-hq', { delete: true })).rejects.toThrow(/no user "acme-hq"/);
    await expect(updatePasswordFile(file, 'Not/A/Site')).rejects.toThrow(/site id/);
  });
});
