/**
 * systemd notification through the built agent as a process: no systemd is PID 1 here, so a
 * python3 listener binds the unix datagram socket systemd would pass in NOTIFY_SOCKET, and the
 * agent reaches it through the real `systemd-notify` binary, as under the unit (NotifyAccess=all).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, until } from '../../agent/src/publish/test-helpers/mqtt-peers.js';
import { startPbxSim } from '../pbx-sim/index.js';
import { buildAgent, spawnAgent, tempDir, writeAgentConfig } from './agent-fixtures.js';

const canRun =
  spawnSync('systemd-notify', ['--version']).status === 0 && spawnSync('python3', ['--version']).status === 0;

/** Prints each datagram received on the socket at argv[1] as one line (newlines as spaces). */
const LISTENER = `
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print('listening', flush=True)
while True:
    print(s.recv(4096).decode().replace('\\n', ' '), flush=True)
`;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

beforeAll(() => buildAgent());

describe.skipIf(!canRun)('the built agent and systemd notification', () => {
  it('sends READY=1, then WATCHDOG=1 every half WATCHDOG_USEC, and STOPPING=1 on SIGTERM', async () => {
    const tmp = tempDir('pbxw-agent-notify-');
    cleanups.push(tmp.remove);
    const socket = path.join(tmp.dir, 'notify');
    const listener: ChildProcess = spawn('python3', ['-c', LISTENER, socket], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanups.push(() => listener.kill('SIGKILL'));
    let got = '';
    listener.stdout?.on('data', (b) => (got += b));
    await until(() => got.includes('listening'), 10_000, 'notify listener');

    const pbx = await startPbxSim({ count: 10 });
    cleanups.push(() => pbx.close());
    const broker = await startTestBroker();
    cleanups.push(() => broker.down());
    const agent = spawnAgent(writeAgentConfig(tmp.dir, pbx, broker.url()), 'x', {
      NOTIFY_SOCKET: socket,
      WATCHDOG_USEC: '1000000',
    });
    cleanups.push(() => agent.kill());

    const lines = () => got.split('\n').filter(Boolean);
    await until(() => lines().some((l) => l.includes('READY=1')), 10_000, `READY=1 (got: ${got})`);
    // A 1 s watchdog: a ping every 500 ms; wait for three.
    await until(
      () => lines().filter((l) => l.includes('WATCHDOG=1')).length >= 3,
      10_000,
      `three WATCHDOG=1 (got: ${got})`,
    );
    expect(lines().findIndex((l) => l.includes('READY=1'))).toBeLessThan(
      lines().findIndex((l) => l.includes('WATCHDOG=1')),
    );
    expect(await agent.kill('SIGTERM')).toBe(0);
    await until(() => got.includes('STOPPING=1'), 5_000, `STOPPING=1 (got: ${got})`);
    // systemd-notify names the agent as the service's main process.
    expect(got).toContain(`MAINPID=${agent.child.pid}`);
  });
});
