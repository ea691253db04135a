/**
 * Shared pieces of the tests that run the built agent as a process (test/agent, test/e2e): its
 * YAML config against the PBX simulator, the child process and its output, its outbox on disk,
 * temp dirs, free UDP ports, and a telemetry subscriber.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decodeMessage, siteTopic, type TelemetryMessage } from '@pbxwatch/core/protocol';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { stateDbFile } from '../../agent/src/outbox/state-db.js';
import { startTestBroker, until } from '../../agent/src/publish/test-helpers/mqtt-peers.js';
import { startPbxSim } from '../pbx-sim/index.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const AGENT_CLI = path.join(ROOT, 'agent/dist/cli/agent-cli.js');
export const SITE = 'acme-hq';
/** The environment variable the written configs read the broker password from. */
export const BROKER_PASSWORD_ENV = 'AGENT_BROKER_PASSWORD';

/**
 * Builds the agent the tests run from dist/, as in production (incremental: quick when up to date).
 * @example
 * beforeAll(() => buildAgent());
 */
export function buildAgent(): void {
  execFileSync('npx', ['tsc', '-b', 'agent'], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * A temp dir removed by the returned cleanup.
 * @example
 * const { dir, remove } = tempDir('pbxw-e2e-');
 */
export function tempDir(prefix = 'pbxw-e2e-'): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A free UDP port on 127.0.0.1 (for the agent's trap receiver: port 0 would not say where to send).
 * @example
 * const trapPort = await freeUdpPort();
 */
export async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * What {@link writeAgentConfig} may change from its IP Office defaults.
 * @example
 * const o: AgentConfigOptions = { vendor: 'ipecs', stations: [{ extension: '200', uri: 'sip:200@127.0.0.1:5062' }] };
 */
export interface AgentConfigOptions {
  /** Default {@link SITE}. */
  siteId?: string;
  /** Default `ipoffice`. */
  vendor?: 'ipoffice' | 'ipecs' | 'generic';
  /** Trap receiver UDP port on 127.0.0.1 (default 0). */
  trapPort?: number;
  /** `stations.list` (default none: IP Office learns its stations). */
  stations?: { extension: string; name?: string; uri?: string }[];
  /** Detector thresholds (default the agent's: raise after 2 bad polls, clear after 3 good). */
  thresholds?: { raiseAfter?: number; clearAfter?: number };
}

/**
 * The state directory of the agent config {@link writeAgentConfig} wrote into `dir`.
 * @example
 * pendingInOutbox(agentStateDir(dir)); // 0
 */
export function agentStateDir(dir: string, siteId = SITE): string {
  return path.join(dir, `state-${siteId}`);
}

/**
 * Writes an agent config with 200 ms polls and 300 ms SNMP/SIP timeouts against the simulator
 * (`pbx`: a PbxSim, or its ports) and returns its path.
 * @example
 * const file = writeAgentConfig(dir, pbx, 'mqtt://127.0.0.1:1883', { trapPort: await freeUdpPort() });
 */
export function writeAgentConfig(
  dir: string,
  pbx: { snmpPort: number; sipPort?: number },
  brokerUrl: string,
  o: AgentConfigOptions = {},
): string {
  const siteId = o.siteId ?? SITE;
  if (pbx.sipPort === undefined) throw new Error('writeAgentConfig: the simulator has no SIP UDP port');
  const file = path.join(dir, `agent-${siteId}.yaml`);
  const thresholds = o.thresholds ? `thresholds: ${JSON.stringify(o.thresholds)}\n` : '';
  const stations = o.stations
    ? `stations:\n  list:\n${o.stations.map((s) => `    - ${JSON.stringify(s)}\n`).join('')}`
    : '';
  fs.writeFileSync(
    file,
    `site: { id: ${siteId} }
broker: { url: "${brokerUrl}", password: { env: ${BROKER_PASSWORD_ENV} } }
pbx:
  vendor: ${o.vendor ?? 'ipoffice'}
  host: 127.0.0.1
  snmp: { version: 2c, community: public, port: ${pbx.snmpPort}, timeout: 300ms, retries: 0 }
  sip: { uri: "sip:127.0.0.1:${pbx.sipPort}", transport: udp, timeout: 300ms }
traps: { host: 127.0.0.1, port: ${o.trapPort ?? 0} }
${stations}${thresholds}poll: { interval: 200ms }
heartbeat: { interval: 500ms }
outbox: { ackTimeout: 2s }
stateDir: ${agentStateDir(dir, siteId)}
`,
  );
  return file;
}

/**
 * Runs one agent CLI command (`probe`, `status`, …) to its end, asynchronously so that a simulator
 * in this process keeps answering, with the broker password in the environment; never rejects.
 * @example
 * const { code, out } = await runAgentCli(['status', '--config', file]);
 */
export async function runAgentCli(args: string[], password = 'x'): Promise<{ code: number; out: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [AGENT_CLI, ...args], {
      env: { ...process.env, [BROKER_PASSWORD_ENV]: password },
      encoding: 'utf8',
    });
    return { code: 0, out: r.stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

/**
 * What most agent process tests start with: a temp dir, a 20-station simulated IP Office, an aedes
 * broker and an agent config between them, each registered in `cleanups` (run in reverse).
 * @example
 * const { pbx, broker, config } = await agentRig(cleanups);
 */
export async function agentRig(cleanups: (() => unknown)[], prefix = 'pbxw-agent-e2e-') {
  const { dir, remove } = tempDir(prefix);
  cleanups.push(remove);
  const pbx = await startPbxSim({ count: 20 });
  cleanups.push(() => pbx.close());
  const broker = await startTestBroker();
  cleanups.push(() => broker.down());
  const config = writeAgentConfig(dir, pbx, broker.url());
  return { dir, pbx, broker, config, stateDir: agentStateDir(dir) };
}

/**
 * A running agent child process (the built bin) and its collected output.
 * @example
 * const a = spawnAgent(file, secret); await a.waitLog('connected to broker'); await a.kill('SIGKILL');
 */
export interface AgentProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Everything the agent wrote to stdout and stderr so far. */
  log(): string;
  waitLog(text: string, ms?: number): Promise<void>;
  /** Sends `signal` (default SIGKILL) unless it has exited, and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Spawns `node agent/dist/cli/agent-cli.js run --config FILE` with the broker password in the
 * environment (any text for an aedes test broker), systemd notification off unless `env` sets
 * NOTIFY_SOCKET. The caller registers `kill` as its cleanup.
 * @example
 * const a = spawnAgent(file, secret);
 * cleanups.push(() => a.kill());
 */
export function spawnAgent(config: string, password = 'x', env: Record<string, string> = {}): AgentProcess {
  const child = spawn(process.execPath, [AGENT_CLI, 'run', '--config', config], {
    env: { ...process.env, [BROKER_PASSWORD_ENV]: password, NOTIFY_SOCKET: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b) => {
    out += b;
  });
  child.stderr?.on('data', (b) => {
    out += b;
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    child,
    exited,
    log: () => out,
    waitLog: async (text, ms = 15_000) => {
      await until(() => out.includes(text), ms, `agent log "${text}"\n${out.slice(-2000)}`);
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * Events in the agent's outbox (sent or not, not yet acked), read from its SQLite file; -1 before
 * the agent has created it.
 * @example
 * await until(() => pendingInOutbox(agentStateDir(dir)) === 0, 20_000, 'outbox drained');
 */
export function pendingInOutbox(stateDir: string): number {
  const file = stateDbFile(stateDir);
  if (!fs.existsSync(file)) return -1;
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM outbox_events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * Subscribes to a site's telemetry (one message per agent poll, QoS 0) and records each one: the
 * agent's own account of what it polled, to wait on real polls rather than on time.
 * @example
 * const tel = await watchTelemetry(broker.url(), SITE);
 * await until(() => tel.messages.length >= 3, 10_000, 'three polls');
 * await tel.close();
 */
export async function watchTelemetry(url: string, siteId = SITE) {
  const messages: TelemetryMessage[] = [];
  const client = mqtt.connect(url, { clientId: `telemetry-${Math.random()}`, reconnectPeriod: 200 });
  client.on('message', (topic, payload) => {
    const r = decodeMessage('telemetry', payload, siteId);
    if (!r.ok) throw new Error(`bad telemetry on ${topic}: ${r.error}`);
    messages.push(r.message);
  });
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  await client.subscribeAsync(siteTopic(siteId, 'telemetry'), { qos: 0 });
  return { messages, close: () => client.endAsync(true) };
}
