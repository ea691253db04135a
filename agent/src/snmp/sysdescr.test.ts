import { checkEligibility } from '@pbxwatch/core/protocol';
import { describe, expect, it } from 'vitest';
import { parseIpecsSysDescr, parseIpOfficeSysDescr, parseSysDescr } from './sysdescr.js';

describe('parseIpOfficeSysDescr', () => {
  it.each([
    ['IP 500 V2 9.1.0.0 build 437', { model: 'IP 500 V2', release: '9.1.0.0', build: 437 }],
    ['IP Office 500 V2 11.1.3.1.0 build 5', { model: 'IP Office 500 V2', release: '11.1.3.1.0', build: 5 }],
    [
      'IP Office Server Edition 11.1.2.0.0 build 239',
      { model: 'IP Office Server Edition', release: '11.1.2.0.0', build: 239 },
    ],
    [
      'Avaya IP Office Server Edition (Linux) 10.1.0.0 build 237',
      { model: 'IP Office Server Edition (Linux)', release: '10.1.0.0', build: 237 },
    ],
    ['IPOSE 11.0.4.0.0 build 74', { model: 'IPOSE', release: '11.0.4.0.0', build: 74 }],
    ['IP 406 DS 4.2(15)', { model: 'IP 406 DS', release: '4.2', build: 15 }],
    ['IP 500 V2  8.0.0.0   build 44', { model: 'IP 500 V2', release: '8.0.0.0', build: 44 }],
  ])('%s', (text, want) => {
    expect(parseIpOfficeSysDescr(text)).toEqual(want);
  });

  it('keeps the whole text as the model when there is no release', () => {
    expect(parseIpOfficeSysDescr('IP Office')).toEqual({ model: 'IP Office' });
    expect(parseIpOfficeSysDescr('   ')).toEqual({});
  });
});

describe('parseIpecsSysDescr', () => {
  it.each([
    ['iPECS eMG800 Ver 3.1.2', { model: 'eMG800', release: '3.1.2' }],
    ['Ericsson-LG iPECS-eMG80 V3.0.8', { model: 'eMG80', release: '3.0.8' }],
    ['iPECS UCP2400 Version 4.0.12', { model: 'UCP2400', release: '4.0.12' }],
    ['LG-Ericsson iPECS-UCP100 R3.5.1 build 12', { model: 'UCP100', release: '3.5.1', build: 12 }],
    ['iPECS-CM 5.1Ab', { model: 'iPECS-CM', release: '5.1Ab' }],
    ['iPECS MG300 2.1', { model: 'MG300', release: '2.1' }],
  ])('%s', (text, want) => {
    expect(parseIpecsSysDescr(text)).toEqual(want);
  });
});

describe('eligibility from parsed sysDescr', () => {
  it('accepts IP Office 9.1 and refuses 8.0', () => {
    const ok = parseSysDescr('ipoffice', 'IP 500 V2 9.1.0.0 build 437');
    expect(checkEligibility({ vendor: 'ipoffice', ...ok })[0]?.ok).toBe(true);
    const old = parseSysDescr('ipoffice', 'IP 500 V2 8.0.0.0 build 44');
    expect(checkEligibility({ vendor: 'ipoffice', ...old })[0]?.ok).toBe(false);
  });

  it('refuses iPECS older than 3.0.8', () => {
    const r = parseSysDescr('ipecs', 'iPECS eMG80 Ver 3.0.7');
    expect(checkEligibility({ vendor: 'ipecs', ...r })[0]).toMatchObject({ ok: false });
  });
});
