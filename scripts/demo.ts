/**
 * pbxwatch demo: everything on one machine, playing an outage by itself.
 *
 *   npm install && npm run demo          # runs until Ctrl-C
 *   npx tsx scripts/demo.ts --once       # (or DEMO_ONCE=1) quick scenario, exit 0 once restored
 *
 * Starts the console (embedded MQTT broker, SQLite in a temp dir, HTTP 8080 / MQTT 1883 or free
 * ports when busy; DEMO_HTTP_PORT / DEMO_MQTT_PORT override, 0 = any), an SMTP sink standing for the
 * customer's mailbox, the simulated IP Office (SNMP + SIP) and the built agent for site `demo-hq`.
 * Then ~20 s later 80% of the stations drop (a P1 ticket, clocks running, an outage email), and
 * ~60 s after that they come back (restored). Needs `npm run build` first (`npm run demo` does it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConsole, parseConfig, type TicketEventContext } from '@pbxwatch/console';
import { DateTime } from 'luxon';
import pino from 'pino';
import { createContact } from '../console/src/notices/contacts.js';
import { type ReceivedMail, startSmtpSink } from '../console/src/notices/test-helpers/smtp-sink.js';
import { startPbxSim } from '../test/pbx-sim/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ONCE = process.argv.includes('--once') || process.env.DEMO_ONCE === '1';
const SITE = 'demo-hq';
const ZONE = 'America/New_York';
// The quick run shortens everything; the interactive one leaves time to open the web UI.
const T = ONCE
  ? { faultAfter: 1_500, restoreAfter: 2_000, poll: '200ms', heartbeat: '500ms', giveUp: 60_000 }
  : { faultAfter: 20_000, restoreAfter: 60_000, poll: '1s', heartbeat: '5s', giveUp: 0 };

const say = (icon: string, text: string) => process.stdout.write(`${icon}  ${text}\n`);
const local = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toFormat('HH:mm:ss ZZZZ');

/** The wanted port when it is free on 127.0.0.1, else 0 (any free one). */
async function portOr0(wanted: number): Promise<number> {
  if (wanted === 0) return 0;
  const s = createServer();
  const ok = await new Promise<boolean>((r) => {
    s.once('error', () => r(false));
    s.listen(wanted, '127.0.0.1', () => r(true));
  });
  if (ok) await new Promise<void>((r) => s.close(() => r()));
  return ok ? wanted : 0;
}

async function main(): Promise<number> {
  const cleanups: (() => unknown)[] = [];
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await c();
      } catch {
        // best effort: the rest must still stop
      }
    }
  };

  const dataDir = mkdtempSync(join(tmpdir(), 'pbxwatch-demo-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  say('📦', `demo data in ${dataDir} (removed on exit)`);

  const smtp = await startSmtpSink();
  cleanups.push(smtp.close);
  const mails: ReceivedMail[] = smtp.mails;

  const httpWanted = Number(process.env.DEMO_HTTP_PORT ?? 8080);
  const mqttWanted = Number(process.env.DEMO_MQTT_PORT ?? 1883);
  const [httpPort0, mqttPort0] = [await portOr0(httpWanted), await portOr0(mqttWanted)];
  let credentials = '';
  const config = parseConfig({
    dataDir,
    http: { host: '127.0.0.1', port: httpPort0 },
    mqtt: { host: '127.0.0.1', port: mqttPort0 },
    logLevel: 'warn',
    ingest: { livenessCheck: '1s' },
    notices: {
      smtp: { host: '127.0.0.1', port: smtp.port, from: 'Acme NOC <noc@provider.example>', timeoutMs: 5000 },
      pollIntervalMs: 500,
    },
  });
  const app = createConsole(config, {
    logger: pino({ level: 'warn' }),
    print: (t) => {
      credentials = t; // the first-start admin: re-printed below in the demo's words
    },
  });
  const { httpPort, mqttPort } = await app.start();
  cleanups.push(() => app.stop());
  const s = app.services;
  const password = /password:\s+(\S+)/.exec(credentials)?.[1] ?? '?';
  const token = /API token:\s+(\S+)/.exec(credentials)?.[1] ?? '?';

  const customer = s.customers.create({ name: 'Acme Corp' });
  const { mqttSecret } = s.sites.create({
    id: SITE,
    name: 'Acme HQ',
    customerId: customer.id,
    planKey: 'roi-priority',
    timeZone: ZONE,
  });
  createContact(s.db, { customerId: customer.id, name: 'Acme IT desk', email: 'it-desk@acme.example' });

  const pbx = await startPbxSim({ count: 40 });
  cleanups.push(pbx.close);
  const agentConfig = join(dataDir, 'agent.yaml');
  writeFileSync(
    agentConfig,
    `site: { id: ${SITE} }
broker: { url: "mqtt://127.0.0.1:${mqttPort}", password: { env: DEMO_AGENT_SECRET } }
pbx:
  vendor: ipoffice
  host: 127.0.0.1
  snmp: { version: 2c, community: public, port: ${pbx.snmpPort}, timeout: 500ms, retries: 0 }
  sip: { uri: "sip:127.0.0.1:${pbx.sipPort}", transport: udp, timeout: 500ms }
traps: { host: 127.0.0.1, port: 0 }
poll: { interval: ${T.poll} }
heartbeat: { interval: ${T.heartbeat} }
stateDir: ${join(dataDir, 'agent-state')}
log: { level: warn }
`,
  );
  const agent: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'agent/dist/cli/agent-cli.js'), 'run', '--config', agentConfig],
    {
      env: { ...process.env, DEMO_AGENT_SECRET: mqttSecret, NOTIFY_SOCKET: '' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const agentExited = new Promise((r) => agent.once('exit', r));
  cleanups.push(() => {
    if (agent.exitCode === null && agent.signalCode === null) agent.kill('SIGTERM');
    return agentExited;
  });

  const ui = `http://127.0.0.1:${httpPort}`;
  process.stdout.write(`
┌──────────────────────────────────────────────────────────────────────
│ pbxwatch demo is running${ONCE ? ' (--once: quick scenario)' : ''}
│   web UI      ${ui}/   (REST API: ${ui}/api/v1)
│   login       admin / ${password}
│   API token   ${token}
│               curl -H "Authorization: Bearer ${token}" ${ui}/api/v1/tickets
│   MQTT        mqtt://127.0.0.1:${mqttPort} (embedded broker)${(httpWanted && httpPort !== httpWanted) || (mqttWanted && mqttPort !== mqttWanted) ? '  [8080/1883 busy: free ports chosen]' : ''}
│   SMTP sink   127.0.0.1:${smtp.port} (the customer's mailbox, printed here)
│   site        ${SITE} · customer "Acme Corp" · plan roi-priority · ${ZONE}
└──────────────────────────────────────────────────────────────────────
`);

  // The scenario, driven by what the console commits.
  let done: (code: number) => void = () => {};
  const finished = new Promise<number>((r) => {
    done = r;
  });
  let ticketId: number | null = null;
  let restored = false;
  s.bus.subscribe((ctx: TicketEventContext) => {
    const { event, ticket } = ctx;
    if (ticket.condition !== 'stations') return;
    if (event.type === 'opened') {
      ticketId = ticket.id;
      say('🚨', `ticket #${ticket.id} opened: ${ticket.priority} ${ticket.condition} — ${ticket.summary}`);
      say('  ', `detected at ${local(ticket.detectedAt)} (the agent's first bad poll)`);
      for (const o of ctx.objectives)
        say('⏱️', `${o.name} due ${o.dueAt === null ? '(no target)' : local(o.dueAt)} (${o.state})`);
    } else if (event.type === 'restored') {
      restored = true;
      say('✅', `ticket #${ticket.id} restored at ${local(ticket.clearedAt ?? event.at)}`);
    } else say('•', `ticket #${ticket.id}: ${event.type}`);
  });
  let shown = 0;
  const mailTimer = setInterval(() => {
    for (; shown < mails.length; shown++) {
      const m = mails[shown]!;
      say('📧', `mail to ${m.envelopeTo.join(', ')}: "${m.subject}"`);
      for (const line of m.text.split(/\r?\n/).filter((l) => /respond|restore/i.test(l)))
        say('  ', line.trim());
    }
    if (ONCE && restored && mails.some((m) => /restored/i.test(m.subject))) done(0);
  }, 200);
  cleanups.push(() => clearInterval(mailTimer));

  let ending = false;
  const onSignal = () => {
    ending = true; // Ctrl-C reaches the agent too (same process group): its exit is expected
    say('👋', 'stopping everything…');
    done(0);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  agent.once('exit', (code) => {
    if (!stopping && !ending) {
      say('❌', `the agent exited (${code})`);
      done(1);
    }
  });

  // wait for the agent's first heartbeat before playing the fault
  const online = () => s.sites.get(SITE).online;
  for (let i = 0; i < 300 && !online(); i++) await new Promise((r) => setTimeout(r, 100));
  say(online() ? '🟢' : '⚠️', online() ? `agent for ${SITE} is online` : `agent for ${SITE} not online yet`);
  const timers: NodeJS.Timeout[] = [];
  cleanups.push(() => timers.forEach(clearTimeout));
  say('⏳', `in ${T.faultAfter / 1000} s 80% of the phones will go down…`);
  timers.push(
    setTimeout(() => {
      pbx.setStationsDown({ ratio: 0.8 });
      say('📉', '80% of the IP phones just lost their connection');
      timers.push(
        setTimeout(() => {
          pbx.setStationsDown(0);
          say('📈', 'phones are back');
        }, T.restoreAfter),
      );
    }, T.faultAfter),
  );
  if (T.giveUp) timers.push(setTimeout(() => done(1), T.giveUp));

  const code = await finished;
  if (ONCE)
    say(
      code === 0 ? '🎉' : '❌',
      code === 0 ? `scenario complete (ticket #${ticketId} restored)` : 'scenario did not complete',
    );
  await shutdown();
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`demo failed: ${err instanceof Error ? err.stack : err}\n`);
    process.exit(1);
  },
);
