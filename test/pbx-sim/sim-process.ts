import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SnmpAgentSimOptions } from './snmp-agent.js';

/**
 * The simulated SNMP agent running in its own node process (for benchmarks and the demo).
 * @example
 * await sim.setSnmpAnswering(false);
 */
export interface SnmpAgentSimProcess {
  port: number;
  host: string;
  pid: number;
  setStationsDown(countOrRatio: number | { ratio: number } | { count: number }): Promise<string[]>;
  setSnmpAnswering(answering: boolean): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the simulated IP Office SNMP agent in a child process, so its CPU time is not charged
 * to the process under test. Options must be JSON (no injected clock: it uses real time).
 * @example
 * const sim = await startSnmpAgentSimProcess({ count: 2400 });
 * await sim.setStationsDown({ ratio: 0.3 });
 * await sim.close();
 */
export async function startSnmpAgentSimProcess(
  opts: Omit<SnmpAgentSimOptions, 'clock' | 'users'>,
): Promise<SnmpAgentSimProcess> {
  const entry = fileURLToPath(new URL('./sim-child.ts', import.meta.url));
  const child = fork(entry, [JSON.stringify(opts)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const ready = await new Promise<{ port: number; host: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number; host: string }));
    child.once('exit', (code) => reject(new Error(`simulator process exited with ${code}`)));
  });
  let nextId = 1;
  const call = <T>(cmd: string, arg?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const onMsg = (m: { id?: number; result?: unknown }) => {
        if (m.id !== id) return;
        child.off('message', onMsg);
        resolve(m.result as T);
      };
      child.on('message', onMsg);
      child.send({ id, cmd, arg }, (err) => err && reject(err));
    });
  return {
    ...ready,
    pid: child.pid!,
    setStationsDown: (arg) => call<string[]>('setStationsDown', arg),
    setSnmpAnswering: (arg) => call<void>('setSnmpAnswering', arg),
    restart: () => call<void>('restart'),
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      await call<void>('close').catch(() => child.kill());
      await exited;
    },
  };
}
