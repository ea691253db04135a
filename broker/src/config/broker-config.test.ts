import { describe, expect, it } from 'vitest';
import { parseBrokerConfig } from './broker-config.js';

describe('broker config', () => {
  it('applies defaults, resolves relative paths, and freezes the result', () => {
    const c = parseBrokerConfig(
      {
        listeners: [{ protocol: 'tls', port: 8883, tls: { certFile: 'c.pem', keyFile: 'k.pem' } }],
        passwordFile: 'broker.passwd',
      },
      '/etc/pbxwatch',
    );
    expect(c.passwordFile).toBe('/etc/pbxwatch/broker.passwd');
    expect(c.listeners[0]?.tls?.certFile).toBe('/etc/pbxwatch/c.pem');
    expect(c.limits.maxPacketBytes).toBe(65536);
    expect(c.limits.publishRate).toEqual({ perSecond: 50, burst: 1000 });
    expect(Object.isFrozen(c.limits.publishRate)).toBe(true);
    expect(() => {
      (c as { logLevel: string }).logLevel = 'debug';
    }).toThrow();
  });

  it('names the path of every bad field', () => {
    expect(() =>
      parseBrokerConfig(
        {
          listeners: [
            { protocol: 'tls', port: 8883 },
            { protocol: 'tcp', port: 70000 },
          ],
          limits: { maxTopicLevels: 0, surprise: 1 },
        },
        '/',
      ),
    ).toThrow(
      /listeners\.0\.tls: required for protocol tls.*listeners\.1\.port: .*passwordFile: .*limits\.maxTopicLevels: .*limits: Unrecognized key/,
    );
  });
});

describe('shipped example', () => {
  it('deploy/examples/broker.yaml is valid', async () => {
    const { loadBrokerConfig } = await import('./broker-config.js');
    const path = new URL('../../../deploy/examples/broker.yaml', import.meta.url).pathname;
    const c = await loadBrokerConfig(path);
    expect(c.listeners.map((l) => l.protocol)).toEqual(['tls', 'tcp']);
  });
});
