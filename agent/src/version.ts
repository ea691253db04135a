import { createRequire } from 'node:module';

let cached: string | undefined;

/**
 * The agent's version, sent in every heartbeat and in the SIP User-Agent. Read from the
 * package.json beside the esbuild bundle (`./package.json`) or, when run from `dist/`, the
 * workspace's (`../package.json`).
 * @example
 * agentVersion(); // '0.1.0'
 */
export function agentVersion(): string {
  cached ??= readVersion();
  return cached;
}

function readVersion(): string {
  const require = createRequire(import.meta.url);
  for (const candidate of ['./package.json', '../package.json']) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.version && pkg.name?.includes('pbxwatch')) return pkg.version;
    } catch {
      // not there in this layout; try the next
    }
  }
  return '0.0.0';
}
