import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig } from './load.js';

const MINIMAL = `site: { id: acme-hq }
broker: { url: mqtt://127.0.0.1:1883, username: acme-hq, password: s3cret }
pbx:
  vendor: ipoffice            # ipoffice | ipecs | generic
  host: 127.0.0.1
  snmp: { version: 2c, community: public, port: 161 }
  sip: { uri: "sip:127.0.0.1:5060", transport: udp }
poll: { interval: 30s }
stateDir: /var/lib/pbxwatch
`;
const noFiles = {
  env: {},
  readFile: (p: string): string => {
    throw Object.assign(new Error(`ENOENT ${p}`), { code: 'ENOENT' });
  },
};
function issues(text: string, src = noFiles): string[] {
  try {
    parseConfig(text, 't.yaml', src);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('accepts the minimal file as is, with defaults, frozen', () => {
    const c = parseConfig(MINIMAL, 't.yaml', noFiles);
    expect(c.poll.interval).toBe(30_000);
    expect(c.thresholds).toEqual({
      degradedRatio: 0.25,
      raiseAfter: 2,
      clearAfter: 3,
      slowMs: 500,
      baselineWindow: 604_800_000,
    });
    expect(c.traps).toMatchObject({ enabled: true, port: 162 });
    expect(c.pbx.snmp).toMatchObject({ version: '2c', community: 'public', timeout: 2000, retries: 1 });
    expect(c.heartbeat.interval).toBe(60_000);
    expect(Object.isFrozen(c.pbx.snmp)).toBe(true);
    expect(() => {
      (c.poll as { interval: number }).interval = 1;
    }).toThrow();
  });

  it('names the field path of each error', () => {
    const bad = MINIMAL.replace('acme-hq }', 'Acme HQ }')
      .replace('mqtt://127.0.0.1:1883', 'http://x')
      .replace('vendor: ipoffice', 'vendor: avaya')
      .replace('interval: 30s', 'interval: soon')
      .replace('sip:127.0.0.1:5060', '127.0.0.1');
    const list = issues(`${bad}thresholds: { degradedRatio: 2, raiseAfter: 0 }\nbogus: 1\n`);
    const paths = list.map((l) => l.split(':')[0]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'site.id',
        'broker.url',
        'pbx.vendor',
        'pbx.sip.uri',
        'poll.interval',
        'thresholds.degradedRatio',
        'thresholds.raiseAfter',
        '(root)',
      ]),
    );
    expect(list.find((l) => l.startsWith('(root)'))).toMatch(/bogus/);
  });

  it('SNMPv3 needs a user; v2c a community; sip timeout beyond Timer F is refused', () => {
    const v3 = MINIMAL.replace('{ version: 2c, community: public, port: 161 }', '{ version: 3 }');
    expect(issues(v3)).toEqual(['pbx.snmp.user: SNMPv3 needs a user (authPriv)']);
    const v2 = MINIMAL.replace('community: public, ', '');
    expect(issues(v2)).toEqual(['pbx.snmp.community: SNMPv2c needs a community']);
    const slow = MINIMAL.replace('transport: udp }', 'transport: udp, timeout: 40s }');
    expect(issues(slow)[0]).toMatch(/^pbx\.sip\.timeout: timeout must be at most 32000 ms/);
  });

  it('reads secrets from files and env, and names the field when one is missing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbxw-cfg-'));
    fs.writeFileSync(path.join(dir, 'pw'), 'from-file\n');
    const text = MINIMAL.replace('password: s3cret', `password: { file: ${dir}/pw }`)
      .replace('community: public', 'community: { env: PBX_COMMUNITY }')
      .concat('');
    const file = path.join(dir, 'agent.yaml');
    fs.writeFileSync(file, text);
    const c = loadConfigFile(file, { PBX_COMMUNITY: 'private1' });
    expect(c.broker.password).toBe('from-file');
    expect(c.pbx.snmp?.community).toBe('private1');
    try {
      loadConfigFile(file, {});
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigError).issues).toEqual([
        'pbx.snmp.community: environment variable PBX_COMMUNITY is not set',
      ]);
    }
    fs.rmSync(path.join(dir, 'pw'));
    expect(() => loadConfigFile(file, { PBX_COMMUNITY: 'x' })).toThrow(
      /broker\.password: cannot read secret file .*pw \(ENOENT\)/,
    );
    const v3 = text.replace(
      /snmp: .*/,
      `snmp: { version: 3, user: { name: mon, authKey: { file: ${dir}/nokey }, privKey: inline-priv } }`,
    );
    fs.writeFileSync(file, v3);
    expect(() => loadConfigFile(file, { PBX_COMMUNITY: 'x' })).toThrow(
      /pbx\.snmp\.user\.authKey: cannot read secret file/,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a YAML syntax error is reported, not thrown raw', () => {
    expect(issues('site: { id: [')[0]).toMatch(/^\(yaml\)/);
  });
});
