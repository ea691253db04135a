/**
 * SIP over UDP for the prober. In `shared` mode one socket per address family carries every probe,
 * responses demultiplexed by Via branch (RFC 3261 §17.1.3); it accepts answers from any source
 * address and port, which some PBX stacks use, but the kernel hides ICMP errors from an unconnected
 * socket. In `connected` mode each probe has its own connected socket, so an ICMP port unreachable
 * ends the probe at once as `refused`.
 */
import dgram from 'node:dgram';
import { ClientTransaction, type TransactionOutcome } from './client-transaction.js';
import { describeNetError } from './net-errors.js';
import { classifyIncoming, type SipLog, type SipProberStats } from './probe-stats.js';
import type { MonotonicClock, Timers } from './sip-timers.js';

/** RFC 3261 §17.1.2.2: Timer K (T4 = 5 s) absorbs response retransmissions after completion. */
const TIMER_K_MS = 5000;

/**
 * First transmissions go out in batches of this many per event-loop turn, so that answers to the
 * previous batch are read before the next one is sent; a sweep of hundreds of stations otherwise
 * overflows the shared socket's receive buffer and turns into retransmissions.
 */
const SEND_BATCH = 16;
/** Receive buffer asked for the shared socket (the kernel caps it at net.core.rmem_max). */
const SHARED_RCVBUF = 1 << 20;

/** How the prober uses UDP sockets. */
export type UdpMode = 'shared' | 'connected';

/** One UDP probe to run. */
export interface UdpProbeSpec {
  address: string;
  family: 4 | 6;
  port: number;
  branch: string;
  timeoutMs: number;
  /** Builds the request once the local address and port (for Via and Contact) are known. */
  build(localHost: string, localPort: number): string;
}

/** Environment of a {@link UdpTransport}. */
export interface UdpTransportOptions {
  mode: UdpMode;
  /** Address for Via/Contact; default: the local address the kernel routes to the peer from. */
  localHost?: string;
  timers: Timers;
  clock: MonotonicClock;
  stats: SipProberStats;
  log?: SipLog;
}

interface Pending {
  tx: ClientTransaction;
}

/**
 * The UDP side of the prober.
 * @example
 * const udp = new UdpTransport({ mode: 'shared', timers: systemTimers, clock: monotonicClock, stats: emptyStats() });
 * await udp.start();
 * const outcome = await udp.probe({ address: '10.0.0.5', family: 4, port: 5060, branch, timeoutMs: 5000, build });
 * await udp.stop();
 */
export class UdpTransport {
  private readonly shared = new Map<4 | 6, Promise<dgram.Socket>>();
  private readonly sendQueue: (() => void)[] = [];
  private flushScheduled = false;
  private readonly pending = new Map<string, Pending>();
  private readonly completed = new Map<string, number>();
  private readonly localByPeer = new Map<string, string>();
  private readonly perProbe = new Set<dgram.Socket>();
  private stopping = false;

  constructor(private readonly options: UdpTransportOptions) {}

  /** Binds the shared IPv4 socket (IPv6 binds on first use). */
  async start(): Promise<void> {
    this.stopping = false;
    if (this.options.mode === 'shared') await this.sharedSocket(4);
  }

  /** Ends every probe in flight with `stopped` and closes the sockets. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const p of this.pending.values()) p.tx.fail('stopped');
    this.pending.clear();
    this.sendQueue.length = 0;
    const sockets = [...(await Promise.all(this.shared.values())), ...this.perProbe];
    this.shared.clear();
    const closing = sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    this.perProbe.clear();
    await Promise.all(closing);
  }

  /** Run one probe; resolves with how its transaction ended, never rejects. */
  async probe(spec: UdpProbeSpec): Promise<TransactionOutcome> {
    if (this.stopping) return { error: 'stopped', elapsedMs: 0, retransmissions: 0, provisional: false };
    try {
      return this.options.mode === 'shared' ? await this.probeShared(spec) : await this.probeConnected(spec);
    } catch (err) {
      return {
        error: describeNetError(err, `${spec.address}:${spec.port}`),
        elapsedMs: 0,
        retransmissions: 0,
        provisional: false,
      };
    }
  }

  private async probeShared(spec: UdpProbeSpec): Promise<TransactionOutcome> {
    const socket = await this.sharedSocket(spec.family);
    const localHost = this.options.localHost ?? (await this.routeLocalAddress(spec));
    const text = spec.build(localHost, socket.address().port);
    return this.runTransaction(spec, (tx, first) => {
      const send = () =>
        socket.send(text, spec.port, spec.address, (err) => {
          if (err) tx.fail(describeNetError(err, `${spec.address}:${spec.port}`));
        });
      if (first) this.enqueue(send);
      else send();
    });
  }

  private async probeConnected(spec: UdpProbeSpec): Promise<TransactionOutcome> {
    const socket = dgram.createSocket(spec.family === 6 ? 'udp6' : 'udp4');
    this.perProbe.add(socket);
    const where = `${spec.address}:${spec.port}`;
    let fail: ((error: string) => void) | undefined;
    // On a connected socket the kernel reports ICMP port unreachable as ECONNREFUSED.
    socket.on('error', (err) => fail?.(describeNetError(err, where)));
    socket.on('message', (data) => this.onDatagram(data));
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(spec.port, spec.address, () => {
          socket.off('error', reject);
          resolve();
        });
      });
      const local = socket.address();
      const text = spec.build(this.options.localHost ?? local.address, local.port);
      return await this.runTransaction(spec, (tx) => {
        fail = (error) => tx.fail(error);
        socket.send(text, (err) => {
          if (err) tx.fail(describeNetError(err, where));
        });
      });
    } finally {
      if (this.perProbe.delete(socket)) socket.close();
    }
  }

  private enqueue(send: () => void): void {
    this.sendQueue.push(send);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    const flush = () => {
      for (const next of this.sendQueue.splice(0, SEND_BATCH)) next();
      if (this.sendQueue.length > 0) setImmediate(flush);
      else this.flushScheduled = false;
    };
    setImmediate(flush);
  }

  private runTransaction(
    spec: UdpProbeSpec,
    send: (tx: ClientTransaction, first: boolean) => void,
  ): Promise<TransactionOutcome> {
    const { timers, clock, stats } = this.options;
    return new Promise((resolve) => {
      let first = true;
      const tx: ClientTransaction = new ClientTransaction({
        unreliable: true,
        timeoutMs: spec.timeoutMs,
        timers,
        clock,
        send: () => {
          if (first) stats.sent++;
          else stats.retransmissions++;
          send(tx, first);
          first = false;
        },
        onDone: (outcome) => {
          this.pending.delete(spec.branch);
          this.completed.set(spec.branch, clock.now());
          resolve(outcome);
        },
      });
      this.pending.set(spec.branch, { tx });
      tx.start();
    });
  }

  private onDatagram(data: Buffer): void {
    const { stats, log, clock } = this.options;
    const c = classifyIncoming(data);
    if (c.kind === 'malformed') {
      stats.malformed++;
      log?.warn({ error: c.error, bytes: data.length }, 'malformed SIP message dropped');
      return;
    }
    if (c.kind === 'unmatchable') {
      stats.unmatched++;
      log?.debug({ why: c.why }, 'SIP message matching no probe dropped');
      return;
    }
    const p = this.pending.get(c.branch);
    // RFC 3261 §17.1.3: a response matches on top Via branch and CSeq method.
    if (p && c.method === 'OPTIONS') {
      p.tx.receive(c.message);
      return;
    }
    const doneAt = this.completed.get(c.branch);
    if (doneAt !== undefined && clock.now() - doneAt < TIMER_K_MS) {
      stats.late++;
      return;
    }
    stats.unmatched++;
    log?.debug({ branch: c.branch, status: c.message.status }, 'SIP response for no probe dropped');
    this.pruneCompleted();
  }

  private pruneCompleted(): void {
    if (this.completed.size < 1024) return;
    const now = this.options.clock.now();
    for (const [branch, at] of this.completed) if (now - at >= TIMER_K_MS) this.completed.delete(branch);
  }

  private sharedSocket(family: 4 | 6): Promise<dgram.Socket> {
    const existing = this.shared.get(family);
    if (existing) return existing;
    const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
    socket.on('message', (data) => this.onDatagram(data));
    socket.on('error', (err) => this.options.log?.warn({ err: err.message }, 'SIP UDP socket error'));
    const bound = new Promise<dgram.Socket>((resolve) =>
      socket.bind(0, () => {
        try {
          socket.setRecvBufferSize(SHARED_RCVBUF);
        } catch {
          // Best effort: the default buffer still works, with more retransmissions on large sweeps.
        }
        resolve(socket);
      }),
    );
    this.shared.set(family, bound);
    return bound;
  }

  /** The local address the kernel would send from to this peer: connect() on UDP only does a route lookup. */
  private async routeLocalAddress(spec: UdpProbeSpec): Promise<string> {
    const cached = this.localByPeer.get(spec.address);
    if (cached) return cached;
    const probe = dgram.createSocket(spec.family === 6 ? 'udp6' : 'udp4');
    try {
      const local = await new Promise<string>((resolve, reject) => {
        probe.once('error', reject);
        probe.connect(spec.port, spec.address, () => resolve(probe.address().address));
      });
      if (this.localByPeer.size > 4096) this.localByPeer.clear();
      this.localByPeer.set(spec.address, local);
      return local;
    } finally {
      probe.close();
    }
  }
}
