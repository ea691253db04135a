/**
 * Interop with real SIP software: the agent's prober against Kamailio (a real SIP server) over UDP
 * and TCP, and sipsak (a real SIP client) against the PBX simulator's responder.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSipProber, type SipProber } from '@pbxwatch/agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSipResponder } from '../pbx-sim/sip-responder.js';

const KAMAILIO = '/usr/sbin/kamailio';
const SIPSAK = ['/usr/bin/sipsak', '/usr/local/bin/sipsak'].find((p) => existsSync(p));
const MODULES = [
  '/usr/lib/x86_64-linux-gnu/kamailio/modules',
  '/usr/lib/kamailio/modules',
  '/usr/lib64/kamailio/modules',
].find((p) => existsSync(join(p, 'sl.so')));

/** A port free on 127.0.0.1 for both UDP and TCP at the time of the call. */
async function freeUdpTcpPort(): Promise<number> {
  for (;;) {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    const udp = dgram.createSocket('udp4');
    const ok = await new Promise<boolean>((r) => {
      udp.once('error', () => r(false));
      udp.bind(port, '127.0.0.1', () => r(true));
    });
    await new Promise<void>((r) => server.close(() => r()));
    if (ok) await new Promise<void>((r) => udp.close(() => r()));
    if (ok) return port;
  }
}

/** Until a TCP connect to the port succeeds (Kamailio binds UDP before it accepts TCP). */
async function waitForTcp(port: number, deadlineMs: number, log: () => string): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        r(true);
      });
      s.on('error', () => r(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`kamailio did not listen on ${port}:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const kamailioConfig = (port: number, modules: string) => `#!KAMAILIO
debug=2
log_stderror=yes
children=1
tcp_children=1
listen=udp:127.0.0.1:${port}
listen=tcp:127.0.0.1:${port}
mpath="${modules}/"
loadmodule "sl.so"
loadmodule "pv.so"
request_route {
  if (method == "OPTIONS") {
    if ($rU == "forbidden") {
      sl_send_reply("403", "Forbidden");
      exit;
    }
    sl_send_reply("200", "OK");
    exit;
  }
  sl_send_reply("501", "Not Implemented");
}
`;

const haveKamailio = existsSync(KAMAILIO) && MODULES !== undefined;
describe.skipIf(!haveKamailio)(
  haveKamailio
    ? 'SIP prober → Kamailio'
    : `SIP prober → Kamailio (skipped: ${KAMAILIO} or its sl.so module not installed)`,
  () => {
    let dir = '';
    let port = 0;
    let kamailio: ChildProcess | undefined;
    let output = '';
    let prober: SipProber;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'pbxwatch-kamailio-'));
      port = await freeUdpTcpPort();
      writeFileSync(join(dir, 'kamailio.cfg'), kamailioConfig(port, MODULES!));
      // -DD: foreground, -E: log to stderr; small shared/private memory for a test machine.
      const args = ['-DD', '-E', '-f', join(dir, 'kamailio.cfg'), '-P', join(dir, 'kamailio.pid')];
      kamailio = spawn(KAMAILIO, [...args, '-w', dir, '-m', '16', '-M', '4'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      kamailio.stdout!.on('data', (d) => (output += d));
      kamailio.stderr!.on('data', (d) => (output += d));
      await waitForTcp(port, 15_000, () => output);
      prober = createSipProber();
      await prober.start();
    });

    afterAll(async () => {
      await prober?.stop();
      if (kamailio && kamailio.exitCode === null) {
        const exited = new Promise((r) => kamailio!.once('exit', r));
        kamailio.kill('SIGTERM');
        await exited;
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('is alive with 200 over UDP', async () => {
      const r = await prober.probe({ uri: `sip:127.0.0.1:${port}`, transport: 'udp' });
      expect(r).toMatchObject({ alive: true, status: 200, reason: 'OK', transport: 'udp' });
      expect(prober.stats()).toMatchObject({ malformed: 0, unmatched: 0 });
    });

    it('is alive with 200 over TCP', async () => {
      const r = await prober.probe({ uri: `sip:127.0.0.1:${port};transport=tcp` });
      expect(r).toMatchObject({ alive: true, status: 200, transport: 'tcp', retransmissions: 0 });
    });

    it('is alive with 403: a refusal still proves the SIP stack (detection.md)', async () => {
      for (const transport of ['udp', 'tcp'] as const) {
        const r = await prober.probe({ uri: `sip:forbidden@127.0.0.1:${port}`, transport });
        expect(r).toMatchObject({ alive: true, status: 403, reason: 'Forbidden', transport });
      }
    });

    it('is not alive once Kamailio is gone (refused over TCP, refused over connected UDP)', async () => {
      const exited = new Promise((r) => kamailio!.once('exit', r));
      kamailio!.kill('SIGTERM');
      await exited;
      const tcp = await prober.probe({ uri: `sip:127.0.0.1:${port};transport=tcp` });
      expect(tcp.error).toMatch(/^refused/);
      const connected = createSipProber({ udpMode: 'connected' });
      await connected.start();
      try {
        const udp = await connected.probe({ uri: `sip:127.0.0.1:${port}` });
        expect(udp).toMatchObject({ alive: false });
        expect(udp.error).toMatch(/^refused/);
      } finally {
        await connected.stop();
      }
    });
  },
);

/** Run sipsak; resolves its exit code (0: 2xx, 1: other final response, 3: no answer) and output. */
function sipsak(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(SIPSAK!, args, { timeout: 15_000 }, (err, stdout) => {
      const code = err ? Number((err as { code?: number }).code ?? -1) : 0;
      resolve({ code, stdout });
    });
  });
}

describe.skipIf(!SIPSAK)(
  SIPSAK ? 'sipsak → SIP responder' : 'sipsak → SIP responder (skipped: sipsak not installed)',
  () => {
    for (const transport of ['udp', 'tcp'] as const) {
      it(`gets 200 OK from the responder over ${transport}, a 404 when told, nothing when silent`, async () => {
        const sip = await startSipResponder({ transport });
        try {
          const base = transport === 'tcp' ? ['--transport=tcp'] : [];
          const uri = `sip:127.0.0.1:${sip.port}`;
          const ok = await sipsak([...base, '-vv', '-s', uri]);
          expect(ok.code).toBe(0);
          expect(ok.stdout).toContain('SIP/2.0 200 OK');
          expect(ok.stdout).toContain('final received');
          sip.setMode(404);
          expect((await sipsak([...base, '-s', uri])).code).toBe(1);
          sip.setMode('silent');
          // -D 1: give up after one second of retransmissions.
          expect((await sipsak([...base, '-D', '1', '-s', uri])).code).toBe(3);
          expect(sip.requests()).toBeGreaterThanOrEqual(3);
        } finally {
          await sip.close();
        }
      });
    }
  },
);
