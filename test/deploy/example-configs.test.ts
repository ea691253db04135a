import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError, parseConfig as parseAgentConfig } from '../../agent/src/config/load.js';
import { parseBrokerConfig } from '../../broker/src/config/broker-config.js';
import { loadConfig as loadConsoleConfig } from '../../console/src/config/load-config.js';
import { EXAMPLES } from './deploy-helpers.js';

const SECRET_FILES: Record<string, string> = { '/etc/pbxwatch/broker-password': 'file-secret\n' };
/** Secrets as a gateway's agent.env and secret files would provide them. */
const sources = {
  env: { PBXWATCH_BROKER_PASSWORD: 'env-secret', PBXWATCH_SNMP_COMMUNITY: 'c0mmunity' },
  readFile: (p: string) => {
    const text = SECRET_FILES[p];
    if (text === undefined) throw Object.assign(new Error(`ENOENT ${p}`), { code: 'ENOENT' });
    return text;
  },
};
const example = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8');

describe('deploy/examples validate with the real config loaders', () => {
  it('agent-ipoffice.yaml', () => {
    const cfg = parseAgentConfig(example('agent-ipoffice.yaml'), 'agent-ipoffice.yaml', sources);
    expect(cfg.pbx.vendor).toBe('ipoffice');
    expect(cfg.pbx.snmp?.community).toBe('c0mmunity');
    expect(cfg.broker.password).toBe('env-secret');
    expect(cfg.poll.interval).toBe(30_000);
    // Where the unit's StateDirectory= and the install script put the state.
    expect(cfg.stateDir).toBe('/var/lib/pbxwatch');
    expect(cfg.traps.port).toBe(162);
  });

  it('agent-ipecs.yaml', () => {
    const cfg = parseAgentConfig(example('agent-ipecs.yaml'), 'agent-ipecs.yaml', sources);
    expect(cfg.pbx.vendor).toBe('ipecs');
    expect(cfg.broker.password).toBe('file-secret');
    expect(cfg.stations.list?.length).toBeGreaterThan(0);
    expect(cfg.stateDir).toBe('/var/lib/pbxwatch');
  });

  it('an agent example without its secrets names the missing one', () => {
    const run = () => parseAgentConfig(example('agent-ipoffice.yaml'), 'x.yaml', { ...sources, env: {} });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/broker\.password.*PBXWATCH_BROKER_PASSWORD is not set/);
  });

  it('console.yaml', () => {
    const cfg = loadConsoleConfig(join(EXAMPLES, 'console.yaml'), {});
    expect(cfg.dataDir).toBe('/var/lib/pbxwatch-console');
    expect(cfg.http.host).toBe('127.0.0.1');
    expect(cfg.mqtt.embedded).toBe(true);
  });

  it('broker.yaml', () => {
    const cfg = parseBrokerConfig(parse(example('broker.yaml')), '/etc/pbxwatch');
    expect(cfg.passwordFile).toBe('/etc/pbxwatch/broker-passwd');
    expect(cfg.listeners.map((l) => `${l.protocol}:${l.port}`)).toEqual(['tls:8883', 'tcp:1883']);
    expect(cfg.listeners[0]?.tls?.keyFile).toBe('/etc/pbxwatch/tls/broker.key');
  });
});
