import { describe, expect, it } from 'vitest';
import { silentLogger } from './log.js';
import { createSdNotify } from './sd-notify.js';

function manualTimers() {
  const q: { fn: () => void; ms: number }[] = [];
  return {
    q,
    timers: {
      setTimeout: (fn: () => void, ms: number) => q.push({ fn, ms }),
      clearTimeout: () => q.splice(0),
    },
  };
}

describe('sd-notify', () => {
  it('sends READY, WATCHDOG every half WATCHDOG_USEC, STOPPING through systemd-notify', async () => {
    const sent: string[][] = [];
    const { q, timers } = manualTimers();
    const sd = createSdNotify({
      env: { NOTIFY_SOCKET: '/run/systemd/notify', WATCHDOG_USEC: '60000000', WATCHDOG_PID: '42' },
      log: silentLogger(),
      timers,
      pid: 42,
      hasBinary: () => true,
      run: async (args) => {
        sent.push(args);
      },
    });
    expect(await sd.ready()).toBe(true);
    expect(sd.startWatchdog()).toBe(30_000);
    q.shift()?.fn();
    expect(q[0]?.ms).toBe(30_000);
    await sd.stopping();
    expect(sent).toEqual([
      ['--pid=42', 'READY=1'],
      ['--pid=42', 'WATCHDOG=1'],
      ['--pid=42', 'STOPPING=1'],
    ]);
  });

  it('is a no-op without NOTIFY_SOCKET, and the watchdog is off when meant for another pid', async () => {
    const run = async () => {
      throw new Error('must not run');
    };
    const { timers } = manualTimers();
    const off = createSdNotify({ env: {}, log: silentLogger(), timers, run, hasBinary: () => true });
    expect(await off.ready()).toBe(false);
    const other = createSdNotify({
      env: { NOTIFY_SOCKET: '/x', WATCHDOG_USEC: '1000000', WATCHDOG_PID: '7' },
      log: silentLogger(),
      timers,
      pid: 8,
      run: async () => {},
      hasBinary: () => true,
    });
    expect(other.startWatchdog()).toBeNull();
  });
});
