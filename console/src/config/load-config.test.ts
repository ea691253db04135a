import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from './load-config.js';

describe('console config', () => {
  it('has the one-command defaults', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      dataDir: './data',
      http: { port: 8080 },
      mqtt: { embedded: true, port: 1883 },
    });
    expect(c.tickets.reopenWindow).toBe(30 * 60_000);
    expect(c.http.trustedProxies).toEqual(['loopback']);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('takes env overrides over the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'console.yaml');
    writeFileSync(file, 'http:\n  port: 9000\ntickets:\n  reopenWindow: 10m\n');
    const c = loadConfig(file, {
      PBXWATCH_HTTP_PORT: '9100',
      PBXWATCH_DATA_DIR: '/var/lib/pbxwatch',
      PBXWATCH_MQTT_EMBEDDED: 'false',
      PBXWATCH_MQTT_URL: 'mqtts://broker:8883',
    });
    expect(c.http.port).toBe(9100);
    expect(c.dataDir).toBe('/var/lib/pbxwatch');
    expect(c.tickets.reopenWindow).toBe(600_000);
    expect(c.mqtt).toMatchObject({ embedded: false, url: 'mqtts://broker:8883' });
  });

  it('names the field of each error', () => {
    expect(() => parseConfig({ http: { port: 'x' } })).toThrow(/http\.port/);
    expect(() => parseConfig({}, { PBXWATCH_MQTT_PORT: '70000' })).toThrow(/mqtt\.port/);
    expect(() => parseConfig({ mqtt: { embedded: false } })).toThrow(/mqtt\.url: url is required/);
    expect(() => parseConfig({ tickets: { reopenWindow: 'soon' } })).toThrow(
      /tickets\.reopenWindow: not a duration/,
    );
    expect(() => parseConfig({ htpp: {} })).toThrow(/htpp/);
    expect(() => parseConfig({ http: { trustedProxies: ['loopback', 'proxy.example'] } })).toThrow(
      /http\.trustedProxies\.1: "proxy\.example" is not an IP address, a CIDR or "loopback"/,
    );
    expect(() => loadConfig('/nonexistent/console.yaml')).toThrow(/cannot read config/);
  });

  it('accepts the shipped example config', () => {
    const file = fileURLToPath(new URL('../../../deploy/examples/console.yaml', import.meta.url));
    expect(loadConfig(file).dataDir).toBe('/var/lib/pbxwatch-console');
  });
});
