import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { Logger } from 'pino';
import type { Timers } from './publish/timers.js';

/** What {@link createSdNotify} needs from the outside world (injected for tests). */
export interface SdNotifyDeps {
  env: Record<string, string | undefined>;
  log: Logger;
  timers: Timers;
  /** Runs `systemd-notify` with arguments; default spawns the binary. */
  run?: (args: string[]) => Promise<void>;
  /** Whether the binary exists; default looks in /usr/bin and /bin. */
  hasBinary?: () => boolean;
  pid?: number;
}

const BINARIES = ['/usr/bin/systemd-notify', '/bin/systemd-notify'];

/**
 * systemd notifications (sd_notify(3)): READY=1, WATCHDOG=1 every half of WATCHDOG_USEC, and
 * STOPPING=1. Node has no unix datagram sockets, so this runs the `systemd-notify` binary; a
 * message from that child is only accepted with `NotifyAccess=all` in the unit (with `main` systemd
 * drops it). Without NOTIFY_SOCKET or the binary it does nothing but log at debug level.
 * @example
 * const sd = createSdNotify({ env: process.env, log, timers: realTimers });
 * await sd.ready(); sd.startWatchdog(); ... await sd.stopping();
 */
export function createSdNotify(d: SdNotifyDeps) {
  const socket = d.env.NOTIFY_SOCKET;
  const pid = d.pid ?? process.pid;
  const hasBinary = d.hasBinary ?? (() => BINARIES.some((b) => fs.existsSync(b)));
  const run =
    d.run ??
    ((args: string[]) =>
      new Promise<void>((resolve, reject) => {
        const bin = BINARIES.find((b) => fs.existsSync(b)) ?? 'systemd-notify';
        execFile(bin, args, { timeout: 5000 }, (err) => (err ? reject(err) : resolve()));
      }));
  const enabled = Boolean(socket) && hasBinary();
  let timer: unknown = null;
  let stopped = false;

  const send = async (state: string): Promise<boolean> => {
    if (!enabled) {
      d.log.debug(
        { state, notifySocket: Boolean(socket) },
        'sd_notify skipped (no NOTIFY_SOCKET or no systemd-notify)',
      );
      return false;
    }
    try {
      // --pid names the agent as the sender's main pid (MAINPID=) for systemd's bookkeeping.
      await run([`--pid=${pid}`, state]);
      return true;
    } catch (e) {
      d.log.warn({ state, err: (e as Error).message }, 'sd_notify failed');
      return false;
    }
  };

  /** Half of WATCHDOG_USEC in ms, or null when the watchdog is off or meant for another pid. */
  const watchdogEveryMs = (): number | null => {
    const usec = Number(d.env.WATCHDOG_USEC);
    const forPid = d.env.WATCHDOG_PID;
    if (!Number.isFinite(usec) || usec <= 0) return null;
    if (forPid && Number(forPid) !== pid) return null;
    return Math.max(1, Math.floor(usec / 1000 / 2));
  };

  return {
    enabled,
    ready: () => send('READY=1'),
    stopping: () => {
      stopped = true;
      if (timer !== null) d.timers.clearTimeout(timer);
      timer = null;
      return send('STOPPING=1');
    },
    /** Pings WATCHDOG=1 every half WATCHDOG_USEC while `alive()` says the loop is healthy. */
    startWatchdog(alive: () => boolean = () => true): number | null {
      const every = watchdogEveryMs();
      if (every === null) return null;
      const tick = () => {
        if (stopped) return;
        if (alive()) void send('WATCHDOG=1');
        timer = d.timers.setTimeout(tick, every);
      };
      timer = d.timers.setTimeout(tick, every);
      return every;
    },
  };
}

/**
 * A notifier as returned by {@link createSdNotify}.
 * @example
 * let sd: SdNotify | null = null;
 */
export type SdNotify = ReturnType<typeof createSdNotify>;
