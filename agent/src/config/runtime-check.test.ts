import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.js';
import { runtimeIssues } from './runtime-check.js';

const sources = { env: {}, readFile: () => '' };
const config = (snmp: string) =>
  parseConfig(
    `site: { id: acme-hq }
broker: { url: mqtt://127.0.0.1:1883 }
pbx: { vendor: ipoffice, host: 127.0.0.1, snmp: ${snmp} }
stateDir: /tmp/x
`,
    'agent.yaml',
    sources,
  );

describe('runtimeIssues', () => {
  const des = config(
    '{ version: 3, user: { name: noc, authKey: a1234567, privProtocol: des, privKey: p1234567 } }',
  );

  it('names the field when SNMPv3 DES needs a legacy provider this node lacks', () => {
    expect(runtimeIssues(des, { des: false })).toEqual([
      expect.stringMatching(/^pbx\.snmp\.user\.privProtocol: DES privacy needs OpenSSL's legacy provider/),
    ]);
  });

  it('has nothing to say when DES is available, or for AES and community SNMP', () => {
    expect(runtimeIssues(des, { des: true })).toEqual([]);
    const aes = config('{ version: 3, user: { name: noc, authKey: a1234567, privKey: p1234567 } }');
    expect(runtimeIssues(aes, { des: false })).toEqual([]);
    expect(runtimeIssues(config('{ version: 2c, community: public }'), { des: false })).toEqual([]);
  });
});
