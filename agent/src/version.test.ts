import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agentVersion } from './version.js';

describe('agentVersion', () => {
  it("is the agent package's version, not the fallback", () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(agentVersion()).toBe(pkg.version);
    expect(agentVersion()).not.toBe('0.0.0');
  });
});
