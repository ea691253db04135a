/**
 * The agent's SIP prober against the PBX simulator's SIP responder, a separate implementation,
 * over real UDP, TCP and TLS sockets on 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSipProber, type SipProber } from '@pbxwatch/agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSipResponder } from '../pbx-sim/sip-responder.js';

let prober: SipProber;
let connected: SipProber;
beforeAll(async () => {
  prober = createSipProber();
  connected = createSipProber({ udpMode: 'connected' });
  await prober.start();
  await connected.start();
});
afterAll(async () => {
  await prober.stop();
  await connected.stop();
});

/** A port that nothing listens on: bind, note the port, close. */
async function closedPort(kind: 'udp' | 'tcp'): Promise<number> {
  if (kind === 'tcp') {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    return port;
  }
  const { default: dgram } = await import('node:dgram');
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('SIP prober ↔ SIP responder over UDP', () => {
  it('is alive with 200, then with 404 and 401: any final response proves the stack (detection.md)', async () => {
    const sip = await startSipResponder({ transport: 'udp' });
    try {
      const uri = `sip:127.0.0.1:${sip.port}`;
      expect(await prober.probe({ uri })).toMatchObject({
        alive: true,
        status: 200,
        reason: 'OK',
        transport: 'udp',
      });
      for (const status of [404, 401, 503]) {
        sip.setMode(status);
        expect(await prober.probe({ uri })).toMatchObject({ alive: true, status, retransmissions: 0 });
      }
      expect(sip.requests()).toBe(4);
      expect(sip.lastRequest()).toMatch(/^OPTIONS sip:127\.0\.0\.1:\d+ SIP\/2\.0\r\n/);
    } finally {
      await sip.close();
    }
  });

  it('retransmits after a dropped request and is then alive', async () => {
    const sip = await startSipResponder({ transport: 'udp' });
    try {
      sip.dropFirst(1);
      const r = await prober.probe({ uri: `sip:127.0.0.1:${sip.port}` });
      expect(r).toMatchObject({ alive: true, status: 200, retransmissions: 1 });
      expect(sip.requests()).toBe(2);
    } finally {
      await sip.close();
    }
  });

  it('is not alive when the responder is silent (a short timeout keeps the test quick)', async () => {
    const sip = await startSipResponder({ transport: 'udp' });
    try {
      sip.setMode('silent');
      const r = await prober.probe({ uri: `sip:127.0.0.1:${sip.port}`, timeoutMs: 800 });
      expect(r).toEqual({ alive: false, error: 'timeout', retransmissions: 1, transport: 'udp' });
      expect(sip.requests()).toBe(2);
    } finally {
      await sip.close();
    }
  });

  it('runs hundreds of concurrent probes over the one shared socket, each matched by branch', async () => {
    const responders = await Promise.all([1, 2, 3, 4].map(() => startSipResponder({ transport: 'udp' })));
    try {
      responders[1]!.setMode(404);
      responders[3]!.setMode('silent');
      const uris = Array.from({ length: 300 }, (_, i) => `sip:${i}@127.0.0.1:${responders[i % 4]!.port}`);
      const results = await Promise.all(uris.map((uri) => prober.probe({ uri, timeoutMs: 1200 })));
      results.forEach((r, i) => {
        if (i % 4 === 3) expect(r).toMatchObject({ alive: false, error: 'timeout' });
        else expect(r).toMatchObject({ alive: true, status: i % 4 === 1 ? 404 : 200 });
      });
    } finally {
      await Promise.all(responders.map((r) => r.close()));
    }
  });

  it('reports ICMP port unreachable as refused at once in connected mode', async () => {
    const port = await closedPort('udp');
    const r = await connected.probe({ uri: `sip:127.0.0.1:${port}`, timeoutMs: 5000 });
    expect(r).toMatchObject({ alive: false, transport: 'udp' });
    expect(r.error).toMatch(/^refused \(ECONNREFUSED 127\.0\.0\.1:\d+\)$/);
    expect(r.retransmissions).toBeLessThanOrEqual(1);
  });

  it('is alive in connected mode too', async () => {
    const sip = await startSipResponder({ transport: 'udp' });
    try {
      expect(await connected.probe({ uri: `sip:127.0.0.1:${sip.port}` })).toMatchObject({
        alive: true,
        status: 200,
      });
    } finally {
      await sip.close();
    }
  });

  it('resolves a host name', async () => {
    const sip = await startSipResponder({ transport: 'udp' });
    try {
      expect(await prober.probe({ uri: `sip:localhost:${sip.port}` })).toMatchObject({ alive: true });
    } finally {
      await sip.close();
    }
  });
});

describe('SIP prober ↔ SIP responder over TCP', () => {
  it('is alive with the status, never retransmits, and is not alive when silent', async () => {
    const sip = await startSipResponder({ transport: 'tcp' });
    try {
      const uri = `sip:127.0.0.1:${sip.port};transport=tcp`;
      expect(await prober.probe({ uri })).toMatchObject({ alive: true, status: 200, transport: 'tcp' });
      sip.setMode(486);
      expect(await prober.probe({ uri: `sip:127.0.0.1:${sip.port}`, transport: 'tcp' })).toMatchObject({
        alive: true,
        status: 486,
        retransmissions: 0,
      });
      expect(sip.lastRequest()).toMatch(/\r\nVia: SIP\/2\.0\/TCP 127\.0\.0\.1:\d+;branch=z9hG4bK/);
      sip.setMode('silent');
      expect(await prober.probe({ uri, timeoutMs: 700 })).toMatchObject({ alive: false, error: 'timeout' });
      expect(sip.requests()).toBe(3);
    } finally {
      await sip.close();
    }
  });

  it('reports a refused connection quickly', async () => {
    const port = await closedPort('tcp');
    const r = await prober.probe({ uri: `sip:127.0.0.1:${port};transport=tcp`, timeoutMs: 5000 });
    expect(r).toMatchObject({ alive: false, transport: 'tcp' });
    expect(r.error).toMatch(/^refused \(ECONNREFUSED/);
  });
});

describe('SIP prober ↔ SIP responder over TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pbxwatch-sip-tls-'));
  let cert = '';
  let key = '';
  const haveOpenssl = (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  beforeAll(() => {
    if (!haveOpenssl) return;
    // A throwaway self-signed certificate for 127.0.0.1, made at test time and never committed.
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1']
        .concat(['-subj', '/CN=pbx.test', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:pbx.test'])
        .concat(['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]),
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    key = readFileSync(join(dir, 'key.pem'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!haveOpenssl)('is alive when the certificate verifies against the given CA', async () => {
    const sip = await startSipResponder({ transport: 'tls', tls: { cert, key } });
    try {
      const uri = `sips:127.0.0.1:${sip.port}`;
      expect(await prober.probe({ uri, tls: { ca: cert } })).toMatchObject({
        alive: true,
        status: 200,
        transport: 'tls',
      });
      expect(sip.lastRequest()).toMatch(/\r\nVia: SIP\/2\.0\/TLS /);
      // The certificate names pbx.test too: SNI and identity check by servername.
      expect(await prober.probe({ uri, tls: { ca: cert, servername: 'pbx.test' } })).toMatchObject({
        alive: true,
      });
    } finally {
      await sip.close();
    }
  });

  it.skipIf(!haveOpenssl)(
    'is not alive, with a tls error, when the certificate does not verify',
    async () => {
      const sip = await startSipResponder({ transport: 'tls', tls: { cert, key } });
      try {
        const uri = `sips:127.0.0.1:${sip.port}`;
        const untrusted = await prober.probe({ uri });
        expect(untrusted).toMatchObject({ alive: false, transport: 'tls' });
        expect(untrusted.error).toMatch(/^tls \(.*self-signed/i);
        const wrongName = await prober.probe({ uri, tls: { ca: cert, servername: 'other.test' } });
        expect(wrongName.error).toMatch(/^tls \(ERR_TLS_CERT_ALTNAME_INVALID/);
        expect(await prober.probe({ uri, tls: { rejectUnauthorized: false } })).toMatchObject({
          alive: true,
        });
        expect(sip.requests()).toBe(1);
      } finally {
        await sip.close();
      }
    },
  );

  it('reports TLS to a plain TCP SIP port as not alive: the handshake never completes', async () => {
    const sip = await startSipResponder({ transport: 'tcp' });
    try {
      const r = await prober.probe({ uri: `sips:127.0.0.1:${sip.port}`, timeoutMs: 500 });
      expect(r).toMatchObject({ alive: false, transport: 'tls' });
      expect(r.error).toMatch(/^timeout \(no tls connection to 127\.0\.0\.1:\d+\)$/);
    } finally {
      await sip.close();
    }
  });
});
