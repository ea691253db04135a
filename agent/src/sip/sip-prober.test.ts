import dgram from 'node:dgram';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseSipMessage, topViaBranch } from './sip-message.js';
import { createSipProber, type SipProber } from './sip-prober.js';
import { manualTimers } from './test-helpers/manual-timers.js';

/** A scripted UDP peer: `reply` returns the datagrams to send back for each request received. */
async function scriptedPeer(reply: (request: string, n: number) => string[]) {
  const socket = dgram.createSocket('udp4');
  const received: string[] = [];
  socket.on('message', (msg, rinfo) => {
    received.push(msg.toString());
    for (const out of reply(msg.toString(), received.length)) socket.send(out, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    port: socket.address().port,
    received,
    close: () => new Promise<void>((r) => socket.close(() => r())),
  };
}

/** A response to `request` with the given status, Via branch and CSeq method. */
function responseTo(request: string, status = 200, opts: { branch?: string; method?: string } = {}): string {
  const parsed = parseSipMessage(request);
  if (!parsed.ok) throw new Error(parsed.error);
  const h = (n: string) => parsed.message.headers.get(n)![0];
  const branch = opts.branch ?? topViaBranch(parsed.message);
  return [
    `SIP/2.0 ${status} Whatever`,
    `v: SIP/2.0/UDP 127.0.0.1:1;branch=${branch}`,
    `f: ${h('from')}`,
    `t: ${h('to')};tag=x`,
    `i: ${h('call-id')}`,
    `CSeq: 1 ${opts.method ?? 'OPTIONS'}`,
    'l: 0',
    '',
    '',
  ].join('\r\n');
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function started(options: Parameters<typeof createSipProber>[0] = {}): Promise<SipProber> {
  const prober = createSipProber({ userAgent: 'pbxwatch-agent/test', ...options });
  await prober.start();
  cleanups.push(() => prober.stop());
  return prober;
}

describe('createSipProber over UDP with a scripted peer', () => {
  it('drops garbage, other branches and other methods, counts them, and takes the matching answer', async () => {
    const peer = await scriptedPeer((req) => [
      '\u0000garbage\r\n\r\n',
      'SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n',
      responseTo(req, 200, { branch: 'z9hG4bKsomeoneelse' }),
      responseTo(req, 200, { method: 'INVITE' }),
      responseTo(req, 100),
      responseTo(req, 403),
    ]);
    cleanups.push(peer.close);
    const prober = await started();
    const r = await prober.probe({ uri: `sip:127.0.0.1:${peer.port}`, timeoutMs: 5000 });
    expect(r).toMatchObject({
      alive: true,
      status: 403,
      reason: 'Whatever',
      transport: 'udp',
      retransmissions: 0,
    });
    expect(r.rttMs).toBeGreaterThanOrEqual(0);
    expect(prober.stats()).toMatchObject({ probes: 1, sent: 1, answered: 1, malformed: 2, unmatched: 2 });
  });

  it('absorbs a retransmitted final response as late, not unmatched (Timer K)', async () => {
    const peer = await scriptedPeer((req) => [responseTo(req, 200), responseTo(req, 200)]);
    cleanups.push(peer.close);
    const prober = await started();
    expect((await prober.probe({ uri: `sip:127.0.0.1:${peer.port}` })).alive).toBe(true);
    await vi.waitFor(() => expect(prober.stats().late).toBe(1));
    expect(prober.stats().unmatched).toBe(0);
  });

  it('retransmits on Timer E on the wire and times out at the probe timeout, on injected timers', async () => {
    const peer = await scriptedPeer(() => []);
    cleanups.push(peer.close);
    const t = manualTimers();
    const prober = await started({ timers: t, clock: t });
    const result = prober.probe({ uri: `sip:127.0.0.1:${peer.port}`, timeoutMs: 5000 });
    await vi.waitFor(() => expect(peer.received).toHaveLength(1));
    for (const [step, expected] of [
      [500, 2],
      [1000, 3],
      [2000, 4],
    ] as const) {
      t.advance(step);
      await vi.waitFor(() => expect(peer.received).toHaveLength(expected));
    }
    // Every retransmission is the same request, same branch (RFC 3261 §17.1.1.3).
    expect(new Set(peer.received).size).toBe(1);
    t.advance(1499);
    t.advance(1);
    expect(await result).toEqual({ alive: false, error: 'timeout', retransmissions: 3, transport: 'udp' });
    expect(peer.received).toHaveLength(4);
  });

  it('answers after a dropped first request with the round trip from the first send', async () => {
    const peer = await scriptedPeer((req, n) => (n === 1 ? [] : [responseTo(req, 200)]));
    cleanups.push(peer.close);
    const t = manualTimers();
    const prober = await started({ timers: t, clock: t });
    const result = prober.probe({ uri: `sip:127.0.0.1:${peer.port}` });
    await vi.waitFor(() => expect(peer.received).toHaveLength(1));
    t.advance(500);
    expect(await result).toMatchObject({ alive: true, status: 200, rttMs: 500, retransmissions: 1 });
  });

  it('sends the headers of detection.md with its User-Agent', async () => {
    const peer = await scriptedPeer((req) => [responseTo(req)]);
    cleanups.push(peer.close);
    const prober = await started();
    await prober.probe({ uri: `sip:100@127.0.0.1:${peer.port}` });
    const req = peer.received[0]!;
    expect(req.startsWith(`OPTIONS sip:100@127.0.0.1:${peer.port} SIP/2.0\r\n`)).toBe(true);
    expect(req).toMatch(/\r\nVia: SIP\/2\.0\/UDP 127\.0\.0\.1:\d+;branch=z9hG4bK[0-9a-f]{24};rport\r\n/);
    expect(req).toMatch(/\r\nFrom: "pbxwatch" <sip:pbxwatch@127\.0\.0\.1:\d+>;tag=[0-9a-f]+\r\n/);
    for (const line of [
      'Max-Forwards: 70',
      'CSeq: 1 OPTIONS',
      'Accept: application/sdp',
      'Content-Length: 0',
    ]) {
      expect(req).toContain(`\r\n${line}\r\n`);
    }
    expect(req).toContain('\r\nUser-Agent: pbxwatch-agent/test\r\n');
  });

  it('ends probes in flight as stopped when the prober stops', async () => {
    const peer = await scriptedPeer(() => []);
    cleanups.push(peer.close);
    const prober = createSipProber();
    await prober.start();
    const result = prober.probe({ uri: `sip:127.0.0.1:${peer.port}` });
    await vi.waitFor(() => expect(peer.received).toHaveLength(1));
    await prober.stop();
    expect(await result).toMatchObject({ alive: false, error: 'stopped' });
  });

  it('rejects a bad URI or timeout as a configuration error, and probing before start', async () => {
    const prober = await started();
    await expect(prober.probe({ uri: 'http://pbx' })).rejects.toThrow(/invalid SIP URI/);
    await expect(prober.probe({ uri: 'sip:pbx;transport=sctp' })).rejects.toThrow(/sctp/);
    await expect(prober.probe({ uri: 'sip:pbx', timeoutMs: 0 })).rejects.toThrow(/timeoutMs/);
    await expect(createSipProber().probe({ uri: 'sip:127.0.0.1' })).rejects.toThrow(/not started/);
  });
});
