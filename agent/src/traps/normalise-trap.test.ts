import { describe, expect, it } from 'vitest';
import { normaliseTrap, trapKind, trapOidOf } from './normalise-trap.js';

const P = '1.3.6.1.4.1.6889.2.2.1.2.0.';
const O = '1.3.6.1.4.1.6889.2.2.1.2.1.';

describe('trapKind', () => {
  it.each([
    [15, 'cold-start'],
    [16, 'warm-start'],
    [37, 'shutdown'],
    [46, 'service-failure'],
    [47, 'service-operational'],
    [48, 'other'],
    [50, 'trunk-failure'],
    [51, 'trunk-operational'],
    [52, 'trunk-error'],
    [53, 'trunk-change'],
    [54, 'other'],
  ])('IPO-MIB .%i → %s', (n, kind) => expect(trapKind(`${P}${n}`)).toBe(kind));

  it('standard and phone traps', () => {
    expect(trapKind('1.3.6.1.6.3.1.1.5.1')).toBe('cold-start');
    expect(trapKind('1.3.6.1.6.3.1.1.5.2')).toBe('warm-start');
    expect(trapKind('1.3.6.1.6.3.1.1.5.3')).toBe('other');
    expect(trapKind('1.3.6.1.4.1.6889.2.2.1.1.1.0.2')).toBe('phone-change');
  });
});

describe('trapOidOf (RFC 3584 §3.1 for v1)', () => {
  it('derives v1 OIDs and reads v2 snmpTrapOID.0', () => {
    expect(
      trapOidOf({
        type: 164,
        varbinds: [],
        enterprise: '1.3.6.1.4.1.6889.2.2.1.2',
        generic: 6,
        specific: 52,
      }),
    ).toBe(`${P}52`);
    expect(
      trapOidOf({
        type: 164,
        varbinds: [],
        enterprise: '1.3.6.1.4.1.6889.2.2.1.2.0',
        generic: 6,
        specific: 52,
      }),
    ).toBe(`${P}52`);
    expect(trapOidOf({ type: 164, varbinds: [], enterprise: '1.3.6.1.4.1.9', generic: 1, specific: 0 })).toBe(
      '1.3.6.1.6.3.1.1.5.2',
    );
    expect(
      trapOidOf({ type: 167, varbinds: [{ oid: '1.3.6.1.6.3.1.1.4.1.0', type: 6, value: `${P}50` }] }),
    ).toBe(`${P}50`);
    expect(trapOidOf({ type: 167, varbinds: [] })).toBeNull();
  });
});

describe('normaliseTrap', () => {
  it('reads severity, reason, description and the trunk from the description', () => {
    const n = normaliseTrap(
      {
        type: 167,
        varbinds: [
          { oid: '1.3.6.1.2.1.1.3.0', type: 67, value: 5 },
          { oid: '1.3.6.1.6.3.1.1.4.1.0', type: 6, value: `${P}50` },
          { oid: `${O}9.0`, type: 2, value: 3 },
          { oid: `${O}24`, type: 2, value: 20 },
          { oid: `${O}26.0`, type: 4, value: Buffer.from('PRI trunk Line 3 red alarm') },
        ],
      },
      '10.1.1.1',
      42,
    );
    expect(n).toEqual({
      receivedAt: 42,
      from: '10.1.1.1',
      trapOid: `${P}50`,
      kind: 'trunk-failure',
      severity: 3,
      reason: 20,
      description: 'PRI trunk Line 3 red alarm',
      trunk: 'Line 3',
      varbinds: [
        { oid: `${O}9.0`, value: '3' },
        { oid: `${O}24`, value: '20' },
        { oid: `${O}26.0`, value: 'PRI trunk Line 3 red alarm' },
      ],
    });
  });

  it('falls back to ipoGTEventEntity for the trunk and gives none for non-trunk traps', () => {
    const base = { type: 164, enterprise: '1.3.6.1.4.1.6889.2.2.1.2', generic: 6 };
    const t = normaliseTrap(
      { ...base, specific: 51, varbinds: [{ oid: `${O}3.0`, type: 66, value: 9 }] },
      'h',
      1,
    );
    expect(t?.trunk).toBe('9');
    const s = normaliseTrap(
      { ...base, specific: 46, varbinds: [{ oid: `${O}26.0`, type: 4, value: Buffer.from('Line 1') }] },
      'h',
      1,
    );
    expect(s?.trunk).toBeUndefined();
  });

  it('returns null without a trap OID', () => {
    expect(
      normaliseTrap({ type: 166, varbinds: [{ oid: '1.3.6.1.2.1.1.3.0', type: 67, value: 1 }] }, 'h', 1),
    ).toBeNull();
  });
});
