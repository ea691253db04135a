import { describe, expect, it } from 'vitest';
import { stationsPriority, trunksPriority } from './condition.js';
import { parseDuration } from './duration.js';
import { checkEligibility, compareVersions } from './eligibility.js';

describe('stationsPriority', () => {
  it('is P1 only for strictly more than 75% down', () => {
    expect(stationsPriority(0.76)).toBe('P1');
    expect(stationsPriority(0.75)).toBe('P2');
    expect(stationsPriority(0.25)).toBe('P2');
    expect(stationsPriority(0.24)).toBeNull();
    expect(stationsPriority(0.3, 0.5)).toBeNull();
    expect(stationsPriority(Number.NaN)).toBeNull();
  });
  it('trunks: all failed P1, some P2', () => {
    expect(trunksPriority(3, 3)).toBe('P1');
    expect(trunksPriority(1, 3)).toBe('P2');
    expect(trunksPriority(0, 3)).toBeNull();
  });
});

describe('parseDuration', () => {
  it('parses units and compounds, refuses junk', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1500')).toBe(1500);
    expect(parseDuration('30 seconds')).toBeNull();
    expect(parseDuration('')).toBeNull();
  });
});

describe('eligibility', () => {
  it('compares versions numerically', () => {
    expect(compareVersions('10.0', '9.1')).toBeGreaterThan(0);
    expect(compareVersions('R8.0', '8.1')).toBeLessThan(0);
    expect(compareVersions('3.0.8', '3.0.8')).toBe(0);
    expect(compareVersions('abc', '1')).toBeNull();
  });
  it('applies the IP Office R8.1 and iPECS 3.0.8 minimums', () => {
    expect(checkEligibility({ vendor: 'ipoffice', release: '9.1.0.0' })[0]?.ok).toBe(true);
    expect(checkEligibility({ vendor: 'ipoffice', release: '8.0.1' })[0]).toMatchObject({ ok: false });
    expect(checkEligibility({ vendor: 'ipecs', release: '3.0.7' })[0]?.message).toMatch(/discontinued/);
    expect(checkEligibility({ vendor: 'ipecs' })[0]?.message).toMatch(/unknown/);
    expect(checkEligibility({ vendor: 'generic' })).toEqual([]);
  });
});
