/**
 * One non-INVITE client transaction (RFC 3261 §17.1.2), reduced to what a probe needs: send,
 * retransmit on Timer E over unreliable transports, stop at the probe timeout (capped by Timer F),
 * finish on the first final response or a transport error.
 */
import type { SipMessage } from './sip-message.js';
import { type MonotonicClock, nextTimerE, T1_MS, TIMER_F_MS, type Timers } from './sip-timers.js';

/** How a transaction ended. */
export interface TransactionOutcome {
  /** Final response, when one arrived. */
  response?: SipMessage;
  /** Why it ended without a final response: `timeout` or a transport error text. */
  error?: string;
  /** Milliseconds from the first send to the final response (or to the end). */
  elapsedMs: number;
  retransmissions: number;
  /** Whether a provisional response was seen before the end. */
  provisional: boolean;
}

/** What a transaction needs from its transport and environment. */
export interface TransactionOptions {
  /** Unreliable transport (UDP): retransmit on Timer E (RFC 3261 §17.1.2.2). */
  unreliable: boolean;
  timeoutMs: number;
  timers: Timers;
  clock: MonotonicClock;
  /** Sends (or resends) the request; a thrown or reported error ends the transaction. */
  send(): void;
  onDone(outcome: TransactionOutcome): void;
}

/**
 * A client transaction. Construct, then `start()`; feed it matching responses with `receive()`,
 * and transport errors with `fail()`. `onDone` is called exactly once.
 * @example
 * const tx = new ClientTransaction({ unreliable: true, timeoutMs: 5000, timers: systemTimers,
 *   clock: monotonicClock, send: () => socket.send(text, port, host), onDone: (o) => resolve(o) });
 * tx.start();
 */
export class ClientTransaction {
  private state: 'idle' | 'trying' | 'proceeding' | 'done' = 'idle';
  private startedAt = 0;
  private retransmissions = 0;
  private provisional = false;
  private intervalE = T1_MS;
  private timerE: unknown;
  private timerF: unknown;

  constructor(private readonly options: TransactionOptions) {}

  start(): void {
    if (this.state !== 'idle') return;
    const o = this.options;
    this.state = 'trying';
    this.startedAt = o.clock.now();
    // RFC 3261 §17.1.2.2: Timer F bounds the transaction at 64·T1 whatever the probe asks for.
    this.timerF = o.timers.setTimeout(
      () => this.finish({ error: 'timeout' }),
      Math.min(o.timeoutMs, TIMER_F_MS),
    );
    if (o.unreliable) this.armTimerE();
    this.transmit();
  }

  /** A response whose Via branch and CSeq method match this transaction (RFC 3261 §17.1.3). */
  receive(response: SipMessage): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return;
    const status = response.status ?? 0;
    if (status < 200) {
      // RFC 3261 §17.1.2.2: a provisional moves Trying to Proceeding; retransmissions go on at T2.
      this.provisional = true;
      this.state = 'proceeding';
      return;
    }
    this.finish({ response });
  }

  /** A transport error (ICMP unreachable, connection refused, TLS failure…) ends it now. */
  fail(error: string): void {
    this.finish({ error });
  }

  /** Ends it without calling `onDone` (the prober is stopping). */
  cancel(): void {
    this.clearTimers();
    this.state = 'done';
  }

  private armTimerE(): void {
    this.timerE = this.options.timers.setTimeout(() => {
      if (this.state !== 'trying' && this.state !== 'proceeding') return;
      this.retransmissions++;
      this.intervalE = nextTimerE(this.intervalE, this.state);
      this.armTimerE();
      this.transmit();
    }, this.intervalE);
  }

  private transmit(): void {
    try {
      this.options.send();
    } catch (err) {
      this.fail(err instanceof Error ? err.message : String(err));
    }
  }

  private clearTimers(): void {
    if (this.timerE !== undefined) this.options.timers.clearTimeout(this.timerE);
    if (this.timerF !== undefined) this.options.timers.clearTimeout(this.timerF);
    this.timerE = undefined;
    this.timerF = undefined;
  }

  private finish(end: { response?: SipMessage; error?: string }): void {
    if (this.state === 'done' || this.state === 'idle') return;
    this.state = 'done';
    this.clearTimers();
    this.options.onDone({
      ...end,
      elapsedMs: this.options.clock.now() - this.startedAt,
      retransmissions: this.retransmissions,
      provisional: this.provisional,
    });
  }
}
