/**
 * `npx tsx scripts/demo.ts --once` plays the whole demo scenario (console, SMTP sink, simulator,
 * agent process) on free ports and exits 0 only once the ticket is restored.
 */
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist, freePort, ROOT } from './e2e-harness.js';

beforeAll(() => buildDist());

describe('npm run demo -- --once', () => {
  it('shows the P1 ticket, its clocks, the captured notice, and the restoration, then exits 0', async () => {
    const env = {
      ...process.env,
      DEMO_HTTP_PORT: String(await freePort()),
      DEMO_MQTT_PORT: String(await freePort()),
    };
    const child = spawn('npx', ['tsx', 'scripts/demo.ts', '--once'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code, out).toBe(0);
    expect(out).toContain(`http://127.0.0.1:${env.DEMO_HTTP_PORT}`);
    expect(out).toMatch(/login\s+admin \/ \S{12,}/);
    expect(out).toMatch(/API token\s+pbxw_\S+/);
    expect(out).toMatch(/ticket #\d+ opened: P1 stations/);
    expect(out).toMatch(/response due \d\d:\d\d:\d\d E[SD]T \(running\)/);
    expect(out).toMatch(/resolution due \d\d:\d\d:\d\d E[SD]T \(running\)/);
    expect(out).toContain('mail to it-desk@acme.example: "[P1] Phone system problem at Acme HQ"');
    expect(out).toMatch(/we will respond by \d\d:\d\d E[SD]T and aim to restore service by \d\d:\d\d E[SD]T/);
    expect(out).toMatch(/ticket #\d+ restored at/);
    expect(out).toContain('"Service restored: phone system at Acme HQ"');
    expect(out).toContain('scenario complete');
  });
});
